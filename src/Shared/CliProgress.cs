using Spectre.Console;

namespace ViST.Cli;

/// <summary>Progress of a long job, for both programs: a live bar on a terminal, plain "name: 40% (k/n)" lines
/// every 10 % when the output goes to a log or a pipe (where a live display shows nothing until the end, and two
/// live displays in one process collide).</summary>
public static class CliProgress
{
    /// <summary>Runs <paramref name="work"/> with a sink for "units done so far" out of <paramref name="total"/>.</summary>
    public static T Run<T>(string name, long total, Func<IProgress<long>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            int lastDecile = -1;
            var result = work(new Inline(done =>
            {
                int decile = (int)(10 * done / Math.Max(1, total));
                if (decile <= lastDecile) return;
                lastDecile = decile;
                Console.WriteLine($"{name}: {decile * 10}% ({done}/{total})");
            }));
            return result;
        }
        T value = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(name, maxValue: Math.Max(1, total));
                value = work(new Inline(done => task.Value = done));
                task.Value = task.MaxValue;
            });
        return value;
    }

    /// <summary>Reports on the calling thread, in order (System.Progress posts to the thread pool).</summary>
    sealed class Inline(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
