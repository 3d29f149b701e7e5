using System.Text.Json;

namespace ViST.Simulator.Loop;

/// <summary>The totals of a run, printed at its end and written in a recording's footer.</summary>
public sealed record RunSummary(long Frames, double Seconds, double LatencyP50Ms, double LatencyP99Ms, long Late,
    long Dropped, bool Paced, string EndReason)
{
    public double FramesPerSecond => Seconds > 0 ? Frames / Seconds : 0;

    /// <summary>Garbage collections while the loop ran (null in a summary read back from a recording: they describe
    /// the process, not the run's data, so the footer does not keep them).</summary>
    public GcCounts? Gc { get; init; }

    /// <summary>One JSON line (machine-readable end of `vist run`).</summary>
    public string ToJsonLine()
    {
        var line = new Dictionary<string, object>
        {
            ["frames"] = Frames, ["seconds"] = Math.Round(Seconds, 3), ["frames_per_s"] = Math.Round(FramesPerSecond, 2),
            ["latency_p50_ms"] = Round(LatencyP50Ms), ["latency_p99_ms"] = Round(LatencyP99Ms),
            ["late"] = Late, ["dropped"] = Dropped, ["paced"] = Paced, ["end"] = EndReason,
        };
        if (Gc is { } gc)
        {
            line["gc_gen0"] = gc.Gen0;
            line["gc_gen1"] = gc.Gen1;
            line["gc_gen2"] = gc.Gen2;
            line["gc_gen2_after_1s"] = gc.Gen2AfterFirstSecond;
        }
        return JsonSerializer.Serialize(line);
    }

    static object Round(double v) => double.IsNaN(v) ? "n/a" : Math.Round(v, 3);
}
