using System.Text.Json;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Controllers;

/// <summary>Settings of the adaptive search.</summary>
/// <param name="Cell">Index of the cell (0..cells-1) whose rate is the objective.</param>
/// <param name="Target">Null: maximise the cell's mean rate; a value: bring the mean rate to it.</param>
/// <param name="FramesPerEvaluation">Frames each candidate stimulus is shown.</param>
/// <param name="SettleFrames">Of those, how many to ignore first (the retina's temporal filters catching up).</param>
public sealed record AdaptiveOptions(IReadOnlyList<ParamRange> Params, int Cell, double? Target = null,
    int FramesPerEvaluation = 30, int SettleFrames = 10, int MaxEvaluations = 60)
{
    public void Validate(int cells)
    {
        if (Params.Count == 0) throw new ArgumentException("adaptive: give at least one parameter to vary");
        if (Cell < 0 || Cell >= cells) throw new ArgumentException($"adaptive: cell {Cell} does not exist (0..{cells - 1})");
        if (SettleFrames < 0 || FramesPerEvaluation <= SettleFrames)
            throw new ArgumentException("adaptive: frames per evaluation must exceed the settle frames");
        if (MaxEvaluations < 1) throw new ArgumentException("adaptive: at least one evaluation");
    }
}

/// <summary>
/// Closed-loop stimulus optimisation: Nelder-Mead over the chosen parameters (searched in their ranges scaled to
/// [0, 1], clamped at the edges). Each candidate is shown for a fixed number of frames and scored by the chosen
/// cell's mean rate after a settling time. Every evaluation is logged as a note event
/// {controller, eval, params, mean_rate, objective} (a coarse grid scan first, then Nelder-Mead: see ScanThenNelderMead); at the end the best stimulus is set and a final note written.
/// </summary>
public sealed class AdaptiveController(AdaptiveOptions options) : IClosedLoopController
{
    readonly ScanThenNelderMead _search = new(options.Params.Sum(p => p.Components.Length));
    ControllerOutput _out = null!;
    List<Task<long>> _applying = [];
    double[] _candidate = [];
    double _sum;
    int _count;

    public string Name => "adaptive";
    public bool Done { get; private set; }

    /// <summary>The best parameter values found so far, by parameter.</summary>
    public IReadOnlyDictionary<string, double[]> Best => Values(_search.Best.Length > 0 ? _search.Best : _candidate);
    public double BestObjective => _search.BestValue;

    public void Start(RunInfo info, ControllerOutput output)
    {
        options.Validate(info.Cells.Count);
        _out = output;
        Show(_search.Ask());
    }

    public void Observe(FrameResult frame)
    {
        if (Done || !Applied(out long from) || frame.Index < from + options.SettleFrames) return;
        _sum += frame.Rates[options.Cell];
        if (++_count < options.FramesPerEvaluation - options.SettleFrames) return;

        double mean = _sum / _count;
        double objective = options.Target is { } t ? (mean - t) * (mean - t) : -mean;
        _search.Tell(objective);
        _out.Note(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["controller"] = Name, ["eval"] = _search.Evaluations, ["params"] = Values(_candidate), ["mean_rate"] = mean, ["objective"] = objective,
        }));
        if (_search.Evaluations >= options.MaxEvaluations)
        {
            Done = true;
            Show(_search.Best);
            _out.Note(JsonSerializer.Serialize(new Dictionary<string, object>
                { ["controller"] = Name, ["done"] = true, ["best"] = Best, ["objective"] = _search.BestValue }));
            return;
        }
        Show(_search.Ask());
    }

    void Show(double[] unit)
    {
        _candidate = unit;
        _sum = 0;
        _count = 0;
        _applying = Values(unit).Select(kv =>
        {
            var p = options.Params.First(p => p.Label == kv.Key);
            return _out.SetParam(p.Layer, p.Name, p.ToJson(kv.Value));
        }).ToList();
    }

    /// <summary>True once every change of the current candidate is on screen; <paramref name="from"/> is the first frame showing all.</summary>
    bool Applied(out long from)
    {
        from = 0;
        foreach (var t in _applying)
        {
            if (!t.IsCompleted) return false;
            if (t.IsFaulted) throw new ArgumentException($"adaptive: the stimulus refused a parameter: {t.Exception!.InnerException!.Message}");
            from = Math.Max(from, t.Result);
        }
        return true;
    }

    Dictionary<string, double[]> Values(double[] unit)
    {
        var values = new Dictionary<string, double[]>();
        int i = 0;
        foreach (var p in options.Params)
            values[p.Label] = p.Components.Select(c => c.Lo + Math.Clamp(unit[i++], 0, 1) * (c.Hi - c.Lo)).ToArray();
        return values;
    }
}
