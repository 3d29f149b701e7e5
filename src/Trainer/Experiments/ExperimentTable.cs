using System.Globalization;
using System.Text;

namespace ViST.Trainer.Experiments;

/// <summary>One trained and evaluated sub-run: its group (variant, population size), seed and metric values.</summary>
public sealed record ExperimentResult(string Group, int Seed, IReadOnlyDictionary<string, double> Values);

/// <summary>A group's metrics over seeds: mean and sample standard deviation (NaN with one seed), per metric.</summary>
public sealed record GroupSummary(string Group, int Seeds, IReadOnlyDictionary<string, (double Mean, double Sd)> Stats)
{
    public double Mean(string metric) => Stats[metric].Mean;
    public double Sd(string metric) => Stats[metric].Sd;
}

/// <summary>The table of an experiment: groups in order, mean and spread over seeds, as CSV and Markdown.</summary>
public static class ExperimentTable
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IReadOnlyList<GroupSummary> Summarise(IEnumerable<ExperimentResult> results, IReadOnlyList<string> metrics) =>
        results.GroupBy(r => r.Group).Select(g => new GroupSummary(g.Key, g.Count(), metrics.ToDictionary(m => m, m =>
        {
            var v = g.Select(r => r.Values[m]).Where(double.IsFinite).ToArray();
            if (v.Length == 0) return (double.NaN, double.NaN);
            double mean = v.Average();
            double sd = v.Length < 2 ? double.NaN : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
            return (mean, sd);
        }))).ToList();

    /// <param name="info">Extra leading columns per group (e.g. the paper's label), by column name.</param>
    public static void WriteCsv(string path, string groupColumn, IReadOnlyList<GroupSummary> rows, IReadOnlyList<string> metrics,
        IReadOnlyList<string> infoColumns, Func<string, IReadOnlyList<string>> info)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", new[] { groupColumn }.Concat(infoColumns).Append("seeds")
            .Concat(metrics.SelectMany(m => new[] { m + "_mean", m + "_sd" }))));
        foreach (var r in rows)
            sb.AppendLine(string.Join(",", new[] { r.Group }.Concat(info(r.Group).Select(Quote)).Append(r.Seeds.ToString(C))
                .Concat(metrics.SelectMany(m => new[] { Number(r.Mean(m), "G6"), Number(r.Sd(m), "G6") }))));
        File.WriteAllText(path, sb.ToString());
    }

    public static void WriteMarkdown(string path, string title, string caption, string groupColumn, IReadOnlyList<GroupSummary> rows,
        IReadOnlyList<string> metrics, IReadOnlyList<string> infoColumns, Func<string, IReadOnlyList<string>> info)
    {
        var sb = new StringBuilder($"# {title}\n\n{caption}\n\n");
        var head = new[] { groupColumn }.Concat(infoColumns).Append("seeds").Concat(metrics).ToList();
        sb.AppendLine("| " + string.Join(" | ", head) + " |");
        sb.AppendLine("|" + string.Concat(head.Select(_ => "---|")));
        foreach (var r in rows)
            sb.AppendLine("| " + string.Join(" | ", new[] { r.Group }.Concat(info(r.Group)).Append(r.Seeds.ToString(C))
                .Concat(metrics.Select(m => double.IsFinite(r.Sd(m)) ? $"{Number(r.Mean(m), "F3")} ± {Number(r.Sd(m), "F3")}" : Number(r.Mean(m), "F3")))) + " |");
        File.WriteAllText(path, sb.ToString());
    }

    static string Number(double v, string format) => double.IsFinite(v) ? v.ToString(format, C) : "";

    static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
