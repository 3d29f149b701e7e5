namespace ViST.Simulator.Loop;

/// <summary>Collects per-frame latencies for percentiles at the end of a run (4 bytes a frame: an hour at 30 Hz is 430 kB).</summary>
public sealed class LatencyStats
{
    readonly List<float> _ms = [];

    public void Add(double ms) => _ms.Add((float)ms);

    /// <summary>The p-th percentile (0..100) by nearest rank; NaN when empty.</summary>
    public double Percentile(double p)
    {
        var sorted = _ms.ToArray();
        Array.Sort(sorted);
        return Percentile(sorted, p);
    }

    /// <summary>The p-th percentile (0..100) of values sorted in ascending order, by nearest rank; NaN when empty.</summary>
    public static double Percentile(ReadOnlySpan<float> sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        int rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
