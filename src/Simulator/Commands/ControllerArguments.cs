using System.CommandLine;
using System.Text.Json;
using ViST.Cli;
using ViST.Simulator.Controllers;

namespace ViST.Simulator.Commands;

/// <summary>The --controller options of `vist run` and how they become a controller.</summary>
public sealed class ControllerArguments
{
    public readonly Option<string?> Kind = new("--controller") { Description = "closed-loop controller: adaptive (Nelder-Mead stimulus search) or trigger (switch a parameter on a threshold)" };
    public readonly Option<int?> Cell = new("--cell") { Description = "controller: index of the cell it watches (0-based)" };
    public readonly Option<string[]> Vary = new("--vary") { Description = "adaptive: a parameter and its range, layer.param=lo:hi[,lo:hi] (repeatable), e.g. spot.center_px=0:360,0:360", AllowMultipleArgumentsPerToken = false };
    public readonly Option<double?> Target = new("--target") { Description = "adaptive: aim the cell's mean rate at this (spikes/s) instead of maximising it" };
    public readonly Option<int> EvalFrames = CliRunner.WithDefault("--eval-frames", "adaptive: frames each candidate is shown", 30);
    public readonly Option<int> SettleFrames = CliRunner.WithDefault("--settle-frames", "adaptive: of those, frames ignored first", 10);
    public readonly Option<int> Evaluations = CliRunner.WithDefault("--evaluations", "adaptive: candidates to try", 60);
    public readonly Option<double?> Threshold = new("--threshold") { Description = "trigger: rate (spikes/s) at which to switch" };
    public readonly Option<string?> Switch = new("--switch") { Description = "trigger: the parameter to switch, layer.param" };
    public readonly Option<string?> Above = new("--above") { Description = "trigger: JSON value while the cell is above threshold" };
    public readonly Option<string?> Below = new("--below") { Description = "trigger: JSON value while it is below" };
    public readonly Option<double> Hysteresis = CliRunner.WithDefault("--hysteresis", "trigger: switch back only below threshold minus this", 0.0);
    public readonly Option<int> MinFrames = CliRunner.WithDefault("--min-frames", "trigger: at least this many frames between switches", 1);

    public IEnumerable<Option> All => [Kind, Cell, Vary, Target, EvalFrames, SettleFrames, Evaluations, Threshold, Switch, Above, Below, Hysteresis, MinFrames];

    /// <summary>The controller asked for, or null.</summary>
    public IClosedLoopController? Create(ParseResult p)
    {
        string? kind = p.GetValue(Kind);
        bool adaptiveOnly = (p.GetValue(Vary)?.Length ?? 0) > 0 || p.GetValue(Target) != null;
        bool triggerOnly = p.GetValue(Threshold) != null || p.GetValue(Switch) != null || p.GetValue(Above) != null || p.GetValue(Below) != null;
        switch (kind)
        {
            case null:
                if (adaptiveOnly || triggerOnly || p.GetValue(Cell) != null) throw new UserInputException("controller options given without --controller");
                return null;
            case "adaptive":
                if (triggerOnly) throw new UserInputException("--threshold/--switch/--above/--below are for --controller trigger");
                var vary = p.GetValue(Vary) ?? [];
                if (vary.Length == 0) throw new UserInputException("--controller adaptive needs at least one --vary layer.param=lo:hi");
                return new AdaptiveController(new AdaptiveOptions(vary.Select(ParamRange.Parse).ToList(), RequiredCell(p),
                    p.GetValue(Target), p.GetValue(EvalFrames), p.GetValue(SettleFrames), p.GetValue(Evaluations)));
            case "trigger":
                if (adaptiveOnly) throw new UserInputException("--vary/--target are for --controller adaptive");
                string target = p.GetValue(Switch) ?? throw new UserInputException("--controller trigger needs --switch layer.param");
                int dot = target.IndexOf('.');
                if (dot <= 0 || dot == target.Length - 1) throw new UserInputException($"--switch '{target}' is not layer.param");
                return new TriggerController(new TriggerOptions(RequiredCell(p),
                    p.GetValue(Threshold) ?? throw new UserInputException("--controller trigger needs --threshold"),
                    target[..dot], target[(dot + 1)..], Json(p.GetValue(Above), "--above"), Json(p.GetValue(Below), "--below"),
                    p.GetValue(Hysteresis), p.GetValue(MinFrames)));
            default:
                throw new UserInputException($"unknown controller '{kind}' (adaptive or trigger)");
        }
    }

    int RequiredCell(ParseResult p) => p.GetValue(Cell) ?? throw new UserInputException("the controller needs --cell N");

    static string Json(string? value, string option)
    {
        if (value == null) throw new UserInputException($"--controller trigger needs {option} VALUE (JSON, e.g. 1 or [10,20])");
        try { using var _ = JsonDocument.Parse(value); return value; }
        catch (JsonException) { throw new UserInputException($"{option} '{value}' is not a JSON value (quote strings: '\"red\"')"); }
    }
}
