namespace ViST.Simulator.Loop;

/// <summary>Collects per-frame latencies for percentiles at the end of a run (4 bytes a frame: an hour at 30 Hz is 430 kB).
/// They are kept in fixed chunks of 16 kB rather than one growing list, so a long live run never copies its history
/// into a larger array on the large-object heap (whose allocations bring on full collections).</summary>
public sealed class LatencyStats
{
    const int ChunkLength = 4096;
    readonly List<float[]> _chunks = [];
    int _inLast = ChunkLength;

    public int Count => (_chunks.Count - 1) * ChunkLength + _inLast;

    public void Add(double ms)
    {
        if (_inLast == ChunkLength)
        {
            _chunks.Add(new float[ChunkLength]);
            _inLast = 0;
        }
        _chunks[^1][_inLast++] = (float)ms;
    }

    /// <summary>The p-th percentile (0..100) by nearest rank; NaN when empty.</summary>
    public double Percentile(double p)
    {
        if (_chunks.Count == 0) return double.NaN;
        var sorted = new float[Count];
        for (int i = 0; i < _chunks.Count; i++)
            _chunks[i].AsSpan(0, i == _chunks.Count - 1 ? _inLast : ChunkLength).CopyTo(sorted.AsSpan(i * ChunkLength));
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
