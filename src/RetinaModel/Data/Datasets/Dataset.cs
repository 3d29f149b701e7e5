using System.Text.Json;
using ViST.RetinaModel.IO;

namespace ViST.RetinaModel.Data.Datasets;

/// <summary>
/// A dataset folder, loaded and checked: manifest.json, frames.npy uint8 [F,360,360], rates.npy float32 [F,N]
/// (trial-averaged spikes/s per frame bin), optional trials.npy float32 [R,F,N] (spikes/s per trial and bin),
/// rf_masks.npy float32 [N,16,16]. Any inconsistency is an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public sealed class Dataset : IDisposable
{
    public const string ManifestFile = "manifest.json", FramesFile = "frames.npy", RatesFile = "rates.npy",
        TrialsFile = "trials.npy", MasksFile = "rf_masks.npy";
    public const int FrameSize = 360, MaskGrid = 16;

    public string Directory { get; }
    public DatasetManifest Manifest { get; }
    public int FrameCount => Manifest.Frames;
    public int CellCount => Manifest.Cells;
    public int TrialCount => Manifest.Trials;
    /// <summary>[F, 360, 360] row-major luminance, memory-mapped when loaded from disk.</summary>
    public FrameStore Frames { get; }
    /// <summary>[F, N] spikes/s.</summary>
    public float[] Rates { get; }
    /// <summary>[R, F, N] spikes/s, or null.</summary>
    public float[]? Trials { get; }
    /// <summary>[N, 16, 16].</summary>
    public float[] RfMasks { get; }
    public IReadOnlyList<CellInfo> Cells { get; }

    Dataset(string dir, DatasetManifest m, FrameStore frames, float[] rates, float[]? trials, float[] masks)
    {
        Directory = dir; Manifest = m; Frames = frames; Rates = rates; Trials = trials; RfMasks = masks;
        Cells = m.CellInfo.Select(c => new CellInfo(c.Id, c.Type, c.X, c.Y)).ToList();
    }

    public static Dataset Load(string dir)
    {
        if (!System.IO.Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such dataset folder");
        string manifestPath = Path.Combine(dir, ManifestFile);
        var manifest = ReadManifest(manifestPath);
        var rates = Npy.Read(Path.Combine(dir, RatesFile));
        string trialsPath = Path.Combine(dir, TrialsFile);
        var trials = File.Exists(trialsPath) ? Npy.Read(trialsPath) : null;
        var masks = Npy.Read(Path.Combine(dir, MasksFile));
        var frames = NpyMap.Open(Path.Combine(dir, FramesFile));
        try { return Validate(dir, manifest, frames.DType, frames.Shape, () => FrameStore.Mapped(frames), rates, trials, masks); }
        catch { frames.Dispose(); throw; }
    }

    public void Dispose() => Frames.Dispose();

    /// <summary>The named split (the manifest's default when <paramref name="name"/> is null), as absolute frame
    /// ranges. A clear error when the dataset has no splits or not this one.</summary>
    public DatasetSplit GetSplit(string? name = null)
    {
        string where = Path.Combine(Directory, ManifestFile);
        if (Manifest.Splits.Count == 0)
            throw new InvalidDataException($"{where}: the dataset has no splits, and training/evaluation need one; add a \"splits\" entry, " +
                "e.g. \"splits\": {\"half\": {\"train\": [{\"segment\": \"movie1\", \"count\": 900}], \"test\": [{\"segment\": \"movie1\", \"start\": 900}]}}");
        name ??= Manifest.DefaultSplit ?? (Manifest.Splits.Count == 1 ? Manifest.Splits.Keys.First()
            : throw new InvalidDataException($"{where}: no default_split; choose one of: {string.Join(", ", Manifest.Splits.Keys)}"));
        if (!Manifest.Splits.TryGetValue(name, out var spec))
            throw new InvalidDataException($"{where}: no split '{name}' (it has: {string.Join(", ", Manifest.Splits.Keys)})");
        return new DatasetSplit(name, spec.Train.Select(r => Resolve(Manifest, r, where)).ToList(),
            spec.Test.Select(r => Resolve(Manifest, r, where)).ToList());
    }

    /// <summary>The manifest of the dataset in <paramref name="dir"/>, without its arrays.</summary>
    public static DatasetManifest LoadManifest(string dir) => ReadManifest(Path.Combine(dir, ManifestFile));

    static DatasetManifest ReadManifest(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file (a dataset folder needs a manifest.json)", path);
        try
        {
            return JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllText(path), DatasetManifest.Json)
                ?? throw new InvalidDataException($"{path}: empty manifest");
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a valid dataset manifest ({e.Message})", e); }
    }

    /// <summary>Checks arrays and manifest against each other; shared by <see cref="Load"/> and the writer, so a
    /// dataset that was written can always be loaded.</summary>
    internal static Dataset Validate(string dir, DatasetManifest m, DType framesType, long[] framesShape, Func<FrameStore> frames,
        NdArray rates, NdArray? trials, NdArray masks)
    {
        string F(string file) => Path.Combine(dir, file);
        string manifestPath = F(ManifestFile);
        if (m.Format != DatasetManifest.FormatName) throw new InvalidDataException($"{manifestPath}: format is '{m.Format}', expected '{DatasetManifest.FormatName}'");
        if (m.Version > DatasetManifest.CurrentVersion) throw new InvalidDataException($"{manifestPath}: dataset version {m.Version} is newer than this program ({DatasetManifest.CurrentVersion})");

        if (framesType != IO.DType.UInt8 || framesShape.Length != 3 || framesShape[1] != FrameSize || framesShape[2] != FrameSize)
            throw new InvalidDataException($"{F(FramesFile)}: expected uint8 frames [F,{FrameSize},{FrameSize}], got {framesType} [{string.Join(",", framesShape)}]");
        int f = (int)framesShape[0];
        if (rates.DType != IO.DType.Float32 || rates.Rank != 2)
            throw new InvalidDataException($"{F(RatesFile)}: expected float32 rates [F,N], got {rates.DType} {rates.ShapeText}");
        if (rates.Shape[0] != f)
            throw new InvalidDataException($"{F(RatesFile)}: has {rates.Shape[0]} frames but {FramesFile} has {f}");
        int n = (int)rates.Shape[1];
        RequireFinite(F(RatesFile), (float[])rates.Data, n, "frame", "cell");
        if (trials != null)
        {
            if (trials.DType != IO.DType.Float32 || trials.Rank != 3 || trials.Shape[1] != f || trials.Shape[2] != n)
                throw new InvalidDataException($"{F(TrialsFile)}: expected float32 trials [R,{f},{n}], got {trials.DType} {trials.ShapeText}");
            RequireFinite(F(TrialsFile), (float[])trials.Data, f * n, "trial", "frame*cell");
        }
        if (masks.DType != IO.DType.Float32 || masks.Rank != 3 || masks.Shape[0] != n || masks.Shape[1] != MaskGrid || masks.Shape[2] != MaskGrid)
            throw new InvalidDataException($"{F(MasksFile)}: expected float32 RF masks [{n},{MaskGrid},{MaskGrid}], got {masks.DType} {masks.ShapeText}");
        RequireFinite(F(MasksFile), (float[])masks.Data, MaskGrid * MaskGrid, "cell", "patch");

        int r = trials == null ? 0 : (int)trials.Shape[0];
        if (m.Frames != f || m.Cells != n || m.Trials != r)
            throw new InvalidDataException($"{manifestPath}: says {m.Frames} frames, {m.Cells} cells, {m.Trials} trials; the arrays hold {f}, {n}, {r}");
        if (m.CellInfo.Count != n)
            throw new InvalidDataException($"{manifestPath}: cell_info lists {m.CellInfo.Count} cells, the arrays hold {n}");
        ValidateSegments(manifestPath, m);
        var dataset = new Dataset(dir, m, frames(), (float[])rates.Data, (float[]?)trials?.Data, (float[])masks.Data);
        if (m.Splits.Count > 0)
            foreach (var name in m.Splits.Keys) dataset.GetSplit(name);
        if (m.DefaultSplit != null && !m.Splits.ContainsKey(m.DefaultSplit))
            throw new InvalidDataException($"{manifestPath}: default_split '{m.DefaultSplit}' is not among the splits ({string.Join(", ", m.Splits.Keys)})");
        return dataset;
    }

    static void ValidateSegments(string manifestPath, DatasetManifest m)
    {
        if (m.Segments.Count == 0) throw new InvalidDataException($"{manifestPath}: no segments (each movie needs one: name, start, frames, frame_ms)");
        int next = 0;
        foreach (var s in m.Segments)
        {
            if (s.Start != next || s.Frames <= 0)
                throw new InvalidDataException($"{manifestPath}: segment '{s.Name}' covers frames [{s.Start},{s.Start + s.Frames}); segments must tile [0,{m.Frames}) in order, the next starting at {next}");
            if (!(s.FrameMs > 0)) throw new InvalidDataException($"{manifestPath}: segment '{s.Name}' has frame_ms {s.FrameMs}, must be > 0");
            next += s.Frames;
        }
        if (next != m.Frames) throw new InvalidDataException($"{manifestPath}: segments cover {next} frames, the dataset has {m.Frames}");
        var duplicate = m.Segments.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new InvalidDataException($"{manifestPath}: two segments are named '{duplicate.Key}'");
    }

    static FrameRange Resolve(DatasetManifest m, DatasetRange r, string where)
    {
        var s = m.Segments.FirstOrDefault(x => x.Name == r.Segment)
            ?? throw new InvalidDataException($"{where}: a split names segment '{r.Segment}', which does not exist (segments: {string.Join(", ", m.Segments.Select(x => x.Name))})");
        int count = r.Count ?? s.Frames - r.Start;
        if (r.Start < 0 || count <= 0 || r.Start + count > s.Frames)
            throw new InvalidDataException($"{where}: range start {r.Start} count {count} does not fit segment '{s.Name}' ({s.Frames} frames)");
        return new FrameRange(s.Name, s.Start + r.Start, count);
    }

    static void RequireFinite(string file, float[] data, int rowLength, string rowName, string columnName)
    {
        int bad = Array.FindIndex(data, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new InvalidDataException($"{file}: {(float.IsNaN(data[bad]) ? "NaN" : "infinite value")} at {rowName} {bad / rowLength}, {columnName} {bad % rowLength}");
    }
}
