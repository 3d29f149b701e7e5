using System.Text.Json;
using System.Text.Json.Nodes;

namespace ViST.Trainer.Training;

/// <summary>
/// The folder of one training run: run.json (options, dataset, network config: what `resume`, `eval` and `export`
/// need), log.csv (one row per epoch) and its plot curve.png, checkpoint/ (the state after the last finished epoch), model.safetensors
/// (the final weights, upstream keys) and eval/ (metrics and plots).
/// </summary>
public sealed class TrainingRun
{
    public string Directory { get; }
    public TrainingRun(string dir) { Directory = Path.GetFullPath(dir); }

    public string RunFile => Path.Combine(Directory, "run.json");
    public string LogFile => Path.Combine(Directory, "log.csv");
    /// <summary>The training curve, redrawn from log.csv after every epoch (<see cref="TrainingCurve"/>).</summary>
    public string CurveFile => Path.Combine(Directory, "curve.png");
    public string CheckpointDir => Path.Combine(Directory, "checkpoint");
    public string FinalWeights => Path.Combine(Directory, "model.safetensors");
    public string EvalDir => Path.Combine(Directory, "eval");

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public void WriteRunInfo(RunInfo info)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(RunFile, JsonSerializer.Serialize(info, Json));
    }

    public RunInfo ReadRunInfo()
    {
        if (!File.Exists(RunFile)) throw new FileNotFoundException($"{RunFile}: not a training run folder (no run.json)", RunFile);
        try { return JsonSerializer.Deserialize<RunInfo>(File.ReadAllText(RunFile), Json) ?? throw new InvalidDataException($"{RunFile}: empty"); }
        catch (JsonException e) { throw new InvalidDataException($"{RunFile}: unreadable ({e.Message})", e); }
    }
}

/// <summary>What a run was asked to do, written before the first step. <see cref="Dataset"/> is this machine's path
/// (resume and export read the data from it); <see cref="Command"/> is the portable command line, for provenance.</summary>
public sealed record RunInfo(string Dataset, TrainOptions Options, int VideoLayers, int VideoDim, int InputDim, int Cells,
    int Grids, string Started, string Program, string? Command = null);
