using ViST.RetinaModel;
using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel.IO;
using ViST.Simulator.Recording;

namespace ViST.Simulator.Commands;

/// <summary>`vist replay F.vistrec [--model other.vist] [--out rates.npy]`: re-render a recording's exact frames and
/// score them again, with the same model (a check: the rates must match) or another one.</summary>
public static class ReplayCommand
{
    public static Command Create() => Create(RuntimeFactories.Real);

    public static Command Create(RuntimeFactories factories)
    {
        var file = new Argument<string>("recording") { Description = "a .vistrec file written by vist run --record" };
        var model = CliRunner.Optional<string?>("--model", "score with this model (a bundle folder or 'ln') instead of the recorded one");
        var output = CliRunner.Optional<string?>("--out", "write the rates as .npy, float32 [frames, cells]");
        var cmd = new Command("replay", "Re-render a recording's frames (scene, parameter changes, seeds) and score them again.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(model);
        cmd.Options.Add(output);
        cmd.SetAction(p => Run(p.GetValue(file)!, p.GetValue(model), p.GetValue(output), factories));
        return cmd;
    }

    /// <summary>Without --model, the model the recording names: a built-in retina by name, or the default bundle
    /// when the hashes agree; any other bundle must be given (recordings store its hash, not where it lives).</summary>
    static string? RecordedModel(string name, string hash, string path)
    {
        if (hash.StartsWith("builtin:", StringComparison.Ordinal)) return hash["builtin:".Length..];
        if (hash == ModelIdentity.Of(null).Hash) return null;
        throw new UserInputException($"{path} was recorded with model '{name}' ({hash}), which is not the default model; " +
            "give its bundle folder with --model (or another model to compare)");
    }

    static int Run(string path, string? modelDir, string? output, RuntimeFactories factories)
    {
        var recording = RecordingReader.Read(path);
        if (!recording.Complete) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(recording.Problem)}");
        modelDir ??= RecordedModel(recording.Header.ModelName, recording.Header.ModelHash, path);
        string hash = ModelIdentity.Of(modelDir).Hash;
        bool sameModel = hash == recording.Header.ModelHash;

        using var retina = factories.OpenRetina(modelDir);
        var result = ReplayEngine.Replay(recording, factories.CreateStimulus, retina, sameModel);
        if (output != null) Npy.Write(output, result.Rates, result.Frames, result.Cells);

        var table = new Table().Border(TableBorder.Rounded).AddColumn("replay").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("recording", Markup.Escape(path));
        table.AddRow("frames x cells", $"{result.Frames} x {result.Cells}");
        table.AddRow("model", Markup.Escape(retina.Name) + (sameModel ? " (as recorded)" : " (another model)"));
        table.AddRow("frames/s", $"{result.Run.FramesPerSecond:F1}");
        if (result.MaxAbsDiffFromRecording is { } diff) table.AddRow("max |replayed - recorded|", $"{diff:G3} spikes/s");
        if (output != null) table.AddRow("rates", Markup.Escape(output));
        AnsiConsole.Write(table);
        Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["frames"] = result.Frames, ["cells"] = result.Cells, ["same_model"] = sameModel,
            ["max_abs_diff"] = result.MaxAbsDiffFromRecording, ["frames_per_s"] = Math.Round(result.Run.FramesPerSecond, 2),
            ["complete"] = recording.Complete, ["out"] = output,
        }));
        return 0;
    }
}
