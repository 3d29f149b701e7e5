using ViST.Simulator.Loop;

namespace ViST.Simulator.Controllers;

/// <summary>Settings of a trigger: when cell <paramref name="Cell"/>'s rate rises to <paramref name="Threshold"/>,
/// set Layer.Name to <paramref name="AboveJson"/>; when it falls below Threshold - Hysteresis, set it to
/// <paramref name="BelowJson"/>; at most one switch every <paramref name="MinFramesBetween"/> frames.</summary>
public sealed record TriggerOptions(int Cell, double Threshold, string Layer, string Name, string AboveJson, string BelowJson,
    double Hysteresis = 0, int MinFramesBetween = 1)
{
    public void Validate(int cells)
    {
        if (Cell < 0 || Cell >= cells) throw new ArgumentException($"trigger: cell {Cell} does not exist (0..{cells - 1})");
        if (Hysteresis < 0) throw new ArgumentException("trigger: hysteresis cannot be negative");
        if (MinFramesBetween < 1) throw new ArgumentException("trigger: at least 1 frame between switches");
    }
}

/// <summary>
/// Switches a stimulus parameter when a cell's rate crosses a threshold (with hysteresis, so noise near the
/// threshold does not make it chatter). The switches are ordinary set_param events, recorded with their frames.
/// </summary>
public sealed class TriggerController(TriggerOptions options) : IClosedLoopController
{
    ControllerOutput _out = null!;
    bool _above;
    long _lastSwitch = long.MinValue / 2;
    Task<long>? _lastChange;

    public string Name => "trigger";
    public int Switches { get; private set; }

    public void Start(RunInfo info, ControllerOutput output)
    {
        options.Validate(info.Cells.Count);
        _out = output;
    }

    public void Observe(FrameResult frame)
    {
        if (_lastChange is { IsFaulted: true } refused)
            throw new ArgumentException($"trigger: the stimulus refused {options.Layer}.{options.Name}: {refused.Exception!.InnerException!.Message}");
        if (frame.Index - _lastSwitch < options.MinFramesBetween) return;
        float rate = frame.Rates[options.Cell];
        bool switchUp = !_above && rate >= options.Threshold;
        bool switchDown = _above && rate < options.Threshold - options.Hysteresis;
        if (!switchUp && !switchDown) return;
        _above = switchUp;
        _lastSwitch = frame.Index;
        Switches++;
        _lastChange = _out.SetParam(options.Layer, options.Name, _above ? options.AboveJson : options.BelowJson);
    }
}
