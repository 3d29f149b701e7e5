using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.IO;
using static TorchSharp.torch;

namespace ViST.Trainer.Training;

/// <summary>
/// A dataset with its backbone feature cache, cut into what training needs: batches of random windows
/// (x [B,W,256,D], y [B,W,N], rf [B,N,16,16]) and the held-out sequences, whole, for validation.
/// Features stay float16 on disk, memory-mapped (a cache of tens of thousands of frames is several GB; the
/// operating system keeps what fits in its page cache), and are widened per batch. With a cell selection only those cells' rates,
/// RF masks and trials are used, in the selection's order (as upstream's `indeces` select columns and rows).
/// </summary>
public sealed class TrainingData
{
    public Dataset Dataset { get; }
    public DatasetSplit Split { get; }
    public string FeaturesPath { get; }
    public int FeatureDim { get; }
    public int Patches { get; }
    /// <summary>The dataset's indices of the modelled cells, in output order.</summary>
    public int[] CellIndices { get; }
    /// <summary>[F, Cells] spikes/s of the modelled cells.</summary>
    public float[] Rates { get; }
    /// <summary>[Cells, 16, 16] RF masks of the modelled cells.</summary>
    public float[] RfMasks { get; }
    public IReadOnlyList<ViST.RetinaModel.CellInfo> CellInfos => CellIndices.Select(c => Dataset.Cells[c]).ToList();
    readonly NpyMap _features;

    public TrainingData(Dataset dataset, string backbone, string? split, IReadOnlyList<int>? cells = null)
    {
        Dataset = dataset;
        Split = dataset.GetSplit(split);
        (CellIndices, Rates, RfMasks) = SelectCells(dataset, cells);
        FeaturesPath = FeatureCachePath(dataset.Directory, backbone);
        if (!File.Exists(FeaturesPath))
            throw new FileNotFoundException($"{FeaturesPath}: no feature cache for backbone '{backbone}'; run `vist-train features {dataset.Directory} --backbone {backbone}` first", FeaturesPath);
        var f = NpyMap.Open(FeaturesPath);
        if (f.DType != DType.Float16 || f.Rank != 3 || f.Shape[0] != dataset.FrameCount)
        {
            f.Dispose();
            throw new InvalidDataException($"{FeaturesPath}: expected float16 features [{dataset.FrameCount},P,D], got {f.DType} {f.ShapeText}; rebuild it with `vist-train features`");
        }
        _features = f;
        Patches = (int)f.Shape[1];
        FeatureDim = (int)f.Shape[2];
    }

    TrainingData(TrainingData other, IReadOnlyList<int> cells, DatasetSplit split)
    {
        Dataset = other.Dataset; Split = split; FeaturesPath = other.FeaturesPath; FeatureDim = other.FeatureDim;
        Patches = other.Patches; _features = other._features;
        (CellIndices, Rates, RfMasks) = SelectCells(Dataset, cells);
    }

    /// <summary>The same data and features (shared, not re-read) for another selection of the dataset's cells.</summary>
    public TrainingData WithCells(IReadOnlyList<int>? cells) => new(this, cells ?? Enumerable.Range(0, Dataset.CellCount).ToArray(), Split);

    /// <summary>The same data training on a fraction of the split's training ranges: round(n * fraction) of the n
    /// ranges, evenly spaced, so a dataset whose segments are grouped by stimulus kind keeps its mix (the
    /// learning curve against dataset size). The test ranges are unchanged.</summary>
    public TrainingData WithTrainFraction(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentException($"train fraction must be in (0, 1], got {fraction}");
        int n = Split.Train.Count, keep = Math.Max(1, (int)Math.Round(n * fraction));
        var picked = Enumerable.Range(0, keep).Select(k => Split.Train[(int)((k + 0.5) * n / keep)]).ToList();
        return new TrainingData(this, CellIndices, Split with { Train = picked });
    }

    static (int[], float[], float[]) SelectCells(Dataset dataset, IReadOnlyList<int>? cells)
    {
        var indices = cells?.ToArray() ?? Enumerable.Range(0, dataset.CellCount).ToArray();
        var bad = indices.Where(c => c < 0 || c >= dataset.CellCount).ToList();
        if (bad.Count > 0) throw new ArgumentException($"{dataset.Directory}: cells {string.Join(", ", bad)} do not exist (the dataset has {dataset.CellCount})");
        var masks = indices.SelectMany(c => dataset.RfMasks.AsSpan(c * MaskGrid * MaskGrid, MaskGrid * MaskGrid).ToArray()).ToArray();
        return (indices, SelectColumns(dataset.Rates, dataset.CellCount, indices), masks);
    }

    public static string FeatureCachePath(string datasetDir, string backbone) => Path.Combine(datasetDir, $"features-{backbone}.npy");

    /// <summary>[rows, n] row-major to [rows, columns.Length], keeping <paramref name="columns"/> in order.</summary>
    static float[] SelectColumns(float[] data, int n, int[] columns)
    {
        int rows = data.Length / n, k = columns.Length;
        var o = new float[(long)rows * k];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < k; j++) o[(long)r * k + j] = data[(long)r * n + columns[j]];
        return o;
    }

    /// <summary>The modelled cells' trials over the test ranges as [cell][trial][time], or null without trials.</summary>
    public double[][][]? TestTrials() => TestTrials(Dataset, Split, CellIndices);

    /// <summary>Trials of the given cells over a split's test ranges as [cell][trial][time], or null without trials.</summary>
    public static double[][][]? TestTrials(Dataset dataset, DatasetSplit split, IReadOnlyList<int> cells)
    {
        if (dataset.Trials is not { } tr) return null;
        int n = dataset.CellCount, f = dataset.FrameCount, reps = dataset.TrialCount;
        return cells.Select(c => Enumerable.Range(0, reps).Select(k =>
            split.Test.SelectMany(r => Enumerable.Range(r.Start, r.Count).Select(t => (double)tr[((long)k * f + t) * n + c])).ToArray()).ToArray()).ToArray();
    }

    const int MaskGrid = 16;
    public int Cells => CellIndices.Length;
    public int Grid => (int)Math.Round(Math.Sqrt(Patches));
    public IReadOnlyList<int> TrainSegmentLengths => Split.Train.Select(r => r.Count).ToList();

    /// <summary>Absolute first frame of a sampler window.</summary>
    int StartOf(Window w) => Split.Train[w.Segment].Start + w.Start;

    /// <summary>x [B, W, P, D] float32 for the windows.</summary>
    public Tensor Features(IReadOnlyList<Window> windows)
    {
        int w = windows[0].Length;
        long per = (long)w * Patches * FeatureDim;
        var buf = new float[windows.Count * per];
        Parallel.For(0, windows.Count, b =>
        {
            long src = (long)StartOf(windows[b]) * Patches * FeatureDim;
            var dst = buf.AsSpan((int)(b * per), (int)per);
            System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(_features.Span<Half>(src, (int)per), dst);
        });
        return tensor(buf, new long[] { windows.Count, w, Patches, FeatureDim });
    }

    /// <summary>y [B, W, N] spikes/s for the windows.</summary>
    public Tensor Targets(IReadOnlyList<Window> windows)
    {
        int w = windows[0].Length, n = Cells;
        var buf = new float[windows.Count * w * n];
        for (int b = 0; b < windows.Count; b++)
            Rates.AsSpan(StartOf(windows[b]) * n, w * n).CopyTo(buf.AsSpan(b * w * n));
        return tensor(buf, new long[] { windows.Count, w, n });
    }

    /// <summary>rf [B, N, 16, 16]: the same masks for every sample.</summary>
    public Tensor Masks(int batch)
    {
        var masks = tensor(RfMasks, new long[] { 1, Cells, MaskGrid, MaskGrid });
        return masks.expand(batch, -1, -1, -1).contiguous();
    }

    /// <summary>Frames [start, start+count) of the dataset: x [1, count, P, D].</summary>
    public Tensor SequenceFeatures(int start, int count)
    {
        long per = (long)count * Patches * FeatureDim;
        var buf = new float[per];
        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(_features.Span<Half>((long)start * Patches * FeatureDim, checked((int)per)), buf);
        return tensor(buf, new long[] { 1, count, Patches, FeatureDim });
    }

    /// <summary>Recorded rates of a range as [neuron][time].</summary>
    public double[][] SequenceTargets(FrameRange r)
    {
        var y = new double[Cells][];
        for (int c = 0; c < Cells; c++)
        {
            y[c] = new double[r.Count];
            for (int t = 0; t < r.Count; t++) y[c][t] = Rates[(r.Start + t) * Cells + c];
        }
        return y;
    }
}
