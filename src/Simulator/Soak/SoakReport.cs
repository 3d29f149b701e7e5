using System.Text.Json.Nodes;
using ScottPlot;

namespace ViST.Simulator.Soak;

/// <summary>What a soak run comes to: totals, memory growth, one JSON line, and a PNG of memory, frames and
/// collections over time.</summary>
public sealed class SoakReport(IReadOnlyList<SoakInterval> intervals, double startRssMb)
{
    public long Frames => intervals.Sum(i => i.Frames);
    public long Late => intervals.Sum(i => i.Late);
    public long Dropped => intervals.Sum(i => i.Dropped);

    /// <summary>Resident memory growth in MB per minute: the least-squares slope over the intervals after the first
    /// (the first holds start-up: caches filling, the JIT) and before a last one of less than half the others (what
    /// dropped frames left over, sampled after the loop ended); null with fewer than two such intervals.</summary>
    public double? RssGrowthMbPerMinute
    {
        get
        {
            var steady = intervals.Skip(1).ToList();
            if (steady.Count >= 2 && Length(steady[^1], steady[^2]) < 0.5 * Length(steady[^2], steady.Count > 2 ? steady[^3] : intervals[0]))
                steady.RemoveAt(steady.Count - 1);
            if (steady.Count < 2) return null;
            double mx = steady.Average(i => i.EndSeconds / 60), my = steady.Average(i => i.RssMb);
            double sxx = steady.Sum(i => Math.Pow(i.EndSeconds / 60 - mx, 2)), sxy = steady.Sum(i => (i.EndSeconds / 60 - mx) * (i.RssMb - my));
            return sxx > 0 ? sxy / sxx : null;
        }
    }

    static double Length(SoakInterval interval, SoakInterval before) => interval.EndSeconds - before.EndSeconds;

    /// <summary>"m:ss" of a time in seconds.</summary>
    public static string Clock(double seconds) => $"{(int)(seconds / 60)}:{(int)(seconds % 60):00}";

    public JsonObject Json(string model, string scene, string plot) => new()
    {
        ["bench"] = "soak", ["model"] = model, ["scene"] = scene,
        ["seconds"] = Math.Round(intervals.LastOrDefault()?.EndSeconds ?? 0, 1), ["frames"] = Frames, ["late"] = Late, ["dropped"] = Dropped,
        ["rss_mb_start"] = Math.Round(startRssMb, 1), ["rss_mb_end"] = Math.Round(intervals.LastOrDefault()?.RssMb ?? startRssMb, 1),
        ["rss_mb_max"] = Math.Round(intervals.Select(i => i.RssMb).DefaultIfEmpty(startRssMb).Max(), 1),
        ["rss_growth_mb_per_min"] = RssGrowthMbPerMinute is { } g ? Math.Round(g, 2) : null,
        ["gc_gen0"] = intervals.Sum(i => i.Gen0), ["gc_gen1"] = intervals.Sum(i => i.Gen1), ["gc_gen2"] = intervals.Sum(i => i.Gen2),
        ["intervals"] = new JsonArray(intervals.Select(i => (JsonNode)new JsonObject
        {
            ["end_s"] = Math.Round(i.EndSeconds, 1), ["frames"] = i.Frames, ["late"] = i.Late, ["dropped"] = i.Dropped,
            ["latency_p99_ms"] = double.IsNaN(i.LatencyP99Ms) ? null : Math.Round(i.LatencyP99Ms, 2),
            ["rss_mb"] = Math.Round(i.RssMb, 1), ["managed_mb"] = Math.Round(i.ManagedMb, 1), ["gc_gen0"] = i.Gen0, ["gc_gen1"] = i.Gen1, ["gc_gen2"] = i.Gen2,
        }).ToArray()),
        ["plot"] = plot,
    };

    /// <summary>Three panels over minutes: resident and managed memory; late and dropped frames per interval;
    /// collections per interval by generation.</summary>
    public void Plot(string path, string title)
    {
        double[] minutes = [.. intervals.Select(i => i.EndSeconds / 60)];
        var multi = new Multiplot();
        multi.AddPlots(3);

        var memory = multi.GetPlot(0);
        Line(memory, minutes, [.. intervals.Select(i => i.RssMb)], "resident (RSS)", Colors.SteelBlue);
        Line(memory, minutes, [.. intervals.Select(i => i.ManagedMb)], "managed heap", Colors.Gray);
        memory.Title(title);
        memory.YLabel("MB");
        memory.ShowLegend();

        var frames = multi.GetPlot(1);
        Line(frames, minutes, [.. intervals.Select(i => (double)i.Late)], "late", Colors.Orange);
        Line(frames, minutes, [.. intervals.Select(i => (double)i.Dropped)], "dropped", Colors.OrangeRed);
        frames.YLabel("frames per interval");
        frames.ShowLegend();

        var gc = multi.GetPlot(2);
        Line(gc, minutes, [.. intervals.Select(i => (double)i.Gen0)], "gen 0", Colors.SeaGreen);
        Line(gc, minutes, [.. intervals.Select(i => (double)i.Gen1)], "gen 1", Colors.Olive);
        Line(gc, minutes, [.. intervals.Select(i => (double)i.Gen2)], "gen 2", Colors.Purple);
        gc.YLabel("collections per interval");
        gc.XLabel("minutes");
        gc.ShowLegend();
        multi.SavePng(path, 1000, 900);
    }

    static void Line(Plot plot, double[] x, double[] y, string label, Color color)
    {
        var line = plot.Add.ScatterLine(x, y);
        line.LegendText = label;
        line.Color = color;
        line.MarkerSize = 5;
    }
}
