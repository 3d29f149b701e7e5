using Spectre.Console;

namespace ViST.Trainer.Training;

/// <summary>
/// What a training run shows while it runs: on a terminal a live bar (steps, the last epoch's loss and held-out
/// r); in a log or pipe, where a live display prints nothing until the end, a plain line every quarter epoch and
/// one per finished epoch, so a background run can be followed with `tail -f`.
/// </summary>
public sealed class TrainingProgress
{
    readonly int _totalSteps, _stepsPerEpoch, _epochs;
    readonly ProgressTask? _task;
    readonly ProgressContext? _ctx;
    int _done;

    TrainingProgress(int totalSteps, int stepsPerEpoch, int epochs, ProgressTask? task, ProgressContext? ctx)
    {
        _totalSteps = totalSteps; _stepsPerEpoch = stepsPerEpoch; _epochs = epochs; _task = task; _ctx = ctx;
    }

    /// <summary>Runs <paramref name="work"/> with a progress sink for <paramref name="totalSteps"/> optimizer steps.</summary>
    public static void Run(int totalSteps, int stepsPerEpoch, int epochs, Action<TrainingProgress> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            work(new TrainingProgress(totalSteps, stepsPerEpoch, epochs, null, null));
            return;
        }
        AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => work(new TrainingProgress(totalSteps, stepsPerEpoch, epochs, ctx.AddTask("training", maxValue: totalSteps + 1), ctx)));
    }

    public void Step(int epoch, int stepInEpoch, double loss)
    {
        _done++;
        if (_task != null) { _task.Increment(1); _ctx!.Refresh(); return; }
        int quarter = Math.Max(1, _stepsPerEpoch / 4);
        if ((stepInEpoch + 1) % quarter == 0 && stepInEpoch + 1 < _stepsPerEpoch)
            Console.WriteLine($"epoch {epoch + 1}/{_epochs}: step {stepInEpoch + 1}/{_stepsPerEpoch}, loss {loss:F3} ({_done}/{_totalSteps} steps)");
    }

    public void Epoch(EpochRecord r)
    {
        string line = $"epoch {r.Epoch + 1}/{_epochs}: loss {r.TrainLoss:F3}, val corr {r.ValCorr:F3} (signed {r.ValCorrSigned:F3}), {r.Seconds:F0} s";
        if (_task != null) _task.Description = line;
        else Console.WriteLine(line);
    }

    public void Note(string text)
    {
        if (_task != null) _task.Description = text;
        else Console.WriteLine(text);
    }

    public void Finish() => _task?.Increment(1);
}
