namespace ViST.Trainer.Training;

/// <summary>A training window: <see cref="Length"/> consecutive frames of one segment (movie) from <see cref="Start"/>.</summary>
public readonly record struct Window(int Segment, int Start, int Length);

/// <summary>
/// Draws the authors' training windows: random windows of <c>windowLength</c> consecutive frames, sampled without
/// replacement within an epoch (SubsetRandomSampler), in batches of <c>batchSize</c> with the last partial batch
/// dropped, at most <c>maxBatches</c> per epoch (limit_train_batches = 48). Deterministic from the seed and epoch,
/// so a resumed run draws the same windows.
/// </summary>
public sealed class WindowSampler
{
    readonly List<Window> _all = new();
    readonly int _batchSize, _maxBatches, _seed;

    /// <param name="segmentLengths">frame count of each training segment (a movie, or a contiguous split part)</param>
    public WindowSampler(IReadOnlyList<int> segmentLengths, int windowLength, int batchSize, int maxBatches, int seed)
    {
        if (windowLength < 1 || batchSize < 1 || maxBatches < 1) throw new ArgumentException("window length, batch size and batches must be >= 1");
        for (int s = 0; s < segmentLengths.Count; s++)
            for (int start = 0; start + windowLength <= segmentLengths[s]; start++)
                _all.Add(new Window(s, start, windowLength));
        if (_all.Count < batchSize)
            throw new ArgumentException($"the training split has {_all.Count} windows of {windowLength} frames, fewer than one batch of {batchSize}: use shorter windows or a smaller batch");
        _batchSize = batchSize; _maxBatches = maxBatches; _seed = seed;
    }

    public int WindowCount => _all.Count;
    public int BatchesPerEpoch => Math.Min(_maxBatches, _all.Count / _batchSize);

    /// <summary>The batches of 0-based epoch <paramref name="epoch"/>.</summary>
    public IEnumerable<Window[]> Epoch(int epoch)
    {
        var order = _all.ToArray();
        new Random(unchecked(_seed * 1_000_003 + epoch * 7_919 + 0x5157)).Shuffle(order);   // not HashCode: it differs per process, and a resumed run must draw the same windows
        for (int b = 0; b < BatchesPerEpoch; b++) yield return order[(b * _batchSize)..((b + 1) * _batchSize)];
    }
}
