using Spectre.Console;
using ViST.InSilico.Sweeps;

namespace ViST.Simulator.Commands;

/// <summary>Shows a sweep's progress: a live bar on a terminal, and plain lines (every 10 % of the steps) when the
/// output goes to a log file or a pipe, where a live display would print nothing useful. The plain form also keeps
/// two sweeps in one process (tests, scripted batches) from fighting over Spectre's single live display.</summary>
static class SweepProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, handing it the progress sink to report through; returns its result.</summary>
    public static int Run(string name, int conditions, Func<IProgress<SweepProgress>, int> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            int done = work(new InlineProgress<SweepProgress>(PlainLines(name)));
            Console.WriteLine($"{name}: all {conditions} conditions done");   // the last step arrives before its condition is stored
            return done;
        }

        int result = 0;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{name}: {conditions} conditions");
                result = work(new InlineProgress<SweepProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.StepsTotal);
                    task.Value = p.Steps;
                    task.Description = $"{name}: {p.ConditionsDone}/{p.ConditionsTotal} conditions";
                }));
                task.Value = task.MaxValue;
            });
        return result;
    }

    static Action<SweepProgress> PlainLines(string name)
    {
        int lastDecile = -1;
        return p =>
        {
            int decile = (int)(10 * p.Steps / Math.Max(1, p.StepsTotal));
            if (decile <= lastDecile) return;
            lastDecile = decile;
            Console.WriteLine($"{name}: {decile * 10}% ({p.ConditionsDone}/{p.ConditionsTotal} conditions)");
        };
    }
}
