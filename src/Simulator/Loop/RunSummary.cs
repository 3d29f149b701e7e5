using System.Text.Json;

namespace ViST.Simulator.Loop;

/// <summary>The totals of a run, printed at its end and written in a recording's footer.</summary>
public sealed record RunSummary(long Frames, double Seconds, double LatencyP50Ms, double LatencyP99Ms, long Late,
    long Dropped, bool Paced, string EndReason)
{
    public double FramesPerSecond => Seconds > 0 ? Frames / Seconds : 0;

    /// <summary>One JSON line (machine-readable end of `vist run`).</summary>
    public string ToJsonLine() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["frames"] = Frames, ["seconds"] = Math.Round(Seconds, 3), ["frames_per_s"] = Math.Round(FramesPerSecond, 2),
        ["latency_p50_ms"] = Round(LatencyP50Ms), ["latency_p99_ms"] = Round(LatencyP99Ms),
        ["late"] = Late, ["dropped"] = Dropped, ["paced"] = Paced, ["end"] = EndReason,
    });

    static object Round(double v) => double.IsNaN(v) ? "n/a" : Math.Round(v, 3);
}
