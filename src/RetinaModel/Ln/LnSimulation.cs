using System.Text.Json;
using System.Text.Json.Serialization;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Data.Masks;

namespace ViST.RetinaModel.Ln;

/// <summary>Rates and Poisson trials of the LN retina for a movie: rates [F,N] and trials [R,F,N], both spikes/s
/// per 30 Hz frame bin (a trial's value is its spike count in the bin x 30).</summary>
public sealed record LnResponse(int Frames, int Cells, int TrialCount, float[] Rates, float[] Trials);

/// <summary>
/// Runs the LN retina over a whole movie and draws repeated Poisson trials; writes the result as a dataset whose
/// rf_masks.npy are the true RF masks and whose ground_truth.json holds every cell's parameters.
/// </summary>
public static class LnSimulation
{
    public const string GroundTruthFile = "ground_truth.json";
    const int Px = LnFilters.FrameSize * LnFilters.FrameSize;

    /// <param name="frames">[F,360,360] uint8, row-major, shown at 30 Hz</param>
    /// <param name="trials">number of repeated trials R</param>
    /// <param name="seed">the Poisson seed: the same seed gives the same trials</param>
    public static LnResponse Simulate(ReadOnlySpan<byte> frames, int trials, ulong seed, IReadOnlyList<LnCell>? cells = null)
    {
        if (frames.Length == 0 || frames.Length % Px != 0)
            throw new ArgumentException($"frames hold {frames.Length} bytes, not a whole number of 360x360 frames");
        if (trials < 0) throw new ArgumentException($"trials must be >= 0, got {trials}");
        using var retina = new LnRetina(cells ?? LnMosaic.Cells);
        int f = frames.Length / Px, n = retina.Cells.Count;
        var rates = new float[f * n];
        for (int i = 0; i < f; i++) retina.Step(frames.Slice(i * Px, Px), rates.AsSpan(i * n, n));

        var spikes = new float[(long)trials * f * n];
        double binSeconds = 1 / LnFilters.FrameRate;
        Parallel.For(0, trials, r =>
        {
            var rng = PoissonSampler.ForStream(seed, r);
            var trial = spikes.AsSpan(r * f * n, f * n);
            for (int i = 0; i < trial.Length; i++) trial[i] = (float)(rng.Next(rates[i] * binSeconds) / binSeconds);
        });
        return new LnResponse(f, n, trials, rates, spikes);
    }

    /// <summary>The true RF masks [N,16,16]: each cell's centre Gaussian averaged over each patch.</summary>
    public static float[] TrueRfMasks(IReadOnlyList<LnCell> cells) =>
        cells.SelectMany(c => RfMasks.FromGaussian(c.CenterX, c.CenterY, c.SigmaCenter, c.SigmaCenter, 0)).ToArray();

    /// <summary>
    /// Simulates <paramref name="frames"/> and writes a dataset folder: frames, rates, trials, true RF masks,
    /// ground_truth.json, the given segments (default: one segment "synthetic") and splits (default: "within-
    /// synthetic", first half train, second half test).
    /// </summary>
    public static Dataset WriteDataset(string dir, byte[] frames, ulong seed, int trials = 30, string name = "ln-synthetic",
        string source = "", List<DatasetSegment>? segments = null, Dictionary<string, DatasetSplitSpec>? splits = null, string? defaultSplit = null)
    {
        var cells = LnMosaic.Cells;
        var response = Simulate(frames, trials, seed, cells);
        int f = response.Frames;
        segments ??= [new DatasetSegment("synthetic", 0, f, 1000 / LnFilters.FrameRate)];
        if (splits == null)
        {
            splits = segments.ToDictionary(s => $"within-{s.Name}", s => new DatasetSplitSpec([new(s.Name, 0, s.Frames / 2)], [new(s.Name, s.Frames / 2)]));
            defaultSplit ??= splits.Keys.First();
        }
        var manifest = new DatasetManifest
        {
            Name = name,
            Source = $"LN virtual retina ({cells.Count} cells, see {GroundTruthFile}), Poisson seed {seed}, {trials} trials. {source}".Trim(),
            Segments = segments, Splits = splits, DefaultSplit = defaultSplit,
            CellInfo = cells.Select(c => new DatasetCell(c.Id, c.TypeLabel, c.CenterX, c.CenterY)).ToList(),
        };
        var dataset = DatasetWriter.Write(dir, frames, response.Rates, trials > 0 ? response.Trials : null, TrueRfMasks(cells), manifest);
        WriteGroundTruth(dir, cells);
        return dataset;
    }

    /// <summary>ground_truth.json: every cell's parameters, for analyses that compare a model with the truth.</summary>
    public static void WriteGroundTruth(string dir, IReadOnlyList<LnCell> cells) =>
        File.WriteAllText(Path.Combine(dir, GroundTruthFile), JsonSerializer.Serialize(cells, GroundTruthJson) + "\n");

    /// <summary>Reads ground_truth.json back (for analyses that compare a fitted model with the truth).</summary>
    public static List<LnCell> ReadGroundTruth(string dir)
    {
        string path = Path.Combine(dir, GroundTruthFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file (only LN-synthetic datasets have ground truth)", path);
        try { return JsonSerializer.Deserialize<List<LnCell>>(File.ReadAllText(path), GroundTruthJson) ?? throw new InvalidDataException($"{path}: empty"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a valid ground-truth file ({e.Message})", e); }
    }

    static readonly JsonSerializerOptions GroundTruthJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
