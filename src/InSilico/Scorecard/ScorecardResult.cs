using System.Text.Json;
using System.Text.Json.Nodes;

namespace ViST.InSilico.Scorecard;

/// <summary>(a) One unseen naturalistic movie: the model's Pearson r with the LN retina's trial-averaged response
/// per cell, and the same normalised by the noise ceiling of those trials (CC_norm); the LN retina's own r with
/// its trial average (its noise-free rates) is the ceiling a perfect model reaches.</summary>
public sealed record OneMovieScore(long Seed, ulong PoissonSeed, int Frames, double MeanR, double MeanAbsR, double CcNorm, double CeilingR, double[] PerCellR);

/// <summary>(a) The unseen naturalistic movies, averaged: one 60-s movie is a noisy measure (the same model scored
/// r 0.67, 0.78 and 0.78 on three seeds, with ceilings 0.95, 0.98 and 0.98), so the scorecard shows several and
/// their mean; each movie's figures stay in <see cref="Movies"/>.</summary>
public sealed record MovieScore(IReadOnlyList<OneMovieScore> Movies)
{
    public int Frames => Movies.Sum(m => m.Frames);
    public double MeanR => Movies.Average(m => m.MeanR);
    public double MeanAbsR => Movies.Average(m => m.MeanAbsR);
    public double CcNorm => Movies.Average(m => m.CcNorm);
    public double CeilingR => Movies.Average(m => m.CeilingR);

    /// <summary>Each cell's r averaged over the movies where it is defined (NaN where it is defined in none); computed
    /// once, as the by-type table and the plot index it cell by cell.</summary>
    public double[] PerCellR { get; } = [.. Enumerable.Range(0, Movies[0].PerCellR.Length).Select(c =>
        Movies.Select(m => m.PerCellR[c]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average())];
}

/// <summary>(b) Flash classification against the LN cells' true types, per cell: ON/OFF right, and ON/OFF x
/// transient/sustained right.</summary>
public sealed record FlashScore(bool[] PolarityRight, bool[] TypeRight)
{
    public int PolarityCorrect => PolarityRight.Count(x => x);
    public int TypeCorrect => TypeRight.Count(x => x);
    public int Cells => PolarityRight.Length;
}

/// <summary>(c) Per cell, the preferred spatial frequency of the drifting-grating sweep over the cell's DoG optimum
/// (NaN: no preference measured); within 1.5x counts.</summary>
public sealed record SpatialFrequencyScore(double[] Ratios)
{
    public static bool IsWithin(double ratio) => ratio >= 1 / 1.5 && ratio <= 1.5;
    public int Within => Ratios.Count(IsWithin);
    public int Cells => Ratios.Length;
    public double MedianRatio => ScorecardResult.Median(Ratios);
}

/// <summary>(d) White-noise STA per cell: distance of the RF centre from the cell's true centre (NaN: no RF found;
/// within one 22.5-px patch counts) and whether the RF's polarity is right.</summary>
public sealed record StaScore(double[] DistancesPx, bool[] PolarityRight)
{
    public static bool IsCentred(double distancePx) => distancePx <= ScorecardResult.PatchPx;
    public int CenterWithinPatch => DistancesPx.Count(IsCentred);
    public int PolarityCorrect => PolarityRight.Count(x => x);
    public int Cells => DistancesPx.Length;
    public double MedianDistancePx => ScorecardResult.Median(DistancesPx);
}

/// <summary>One LN cell type's share of the scorecard: where a model falls short is usually one type (sparse
/// sustained cells on the movie, say), which the population means hide.</summary>
public sealed record TypeScore(string Type, int Cells, double MovieMeanR, int FlashPolarityCorrect, int FlashTypeCorrect,
    int SpatialFrequencyWithin, int StaCentred);

/// <summary>(e) Speed: milliseconds per frame for one stream, whole model (backbone + head, preprocessing included).</summary>
public sealed record SpeedScore(double MsPerFrame);

/// <summary>The scorecard of one model, with the goals the embedded default has to meet.</summary>
/// <param name="CellTypes">the true type label of each cell ("ON-transient", ...), in the per-cell arrays' order</param>
public sealed record ScorecardResult(string Model, ScorecardOptions Options, IReadOnlyList<string> CellTypes, MovieScore Movie,
    FlashScore Flash, SpatialFrequencyScore SpatialFrequency, StaScore Sta, SpeedScore Speed)
{
    public const double PatchPx = 360.0 / 16;

    /// <summary>The scores of each cell type, in order of first appearance.</summary>
    public IReadOnlyList<TypeScore> ByType() => CellTypes.Distinct().Select(type =>
    {
        var cells = Enumerable.Range(0, CellTypes.Count).Where(c => CellTypes[c] == type).ToArray();
        return new TypeScore(type, cells.Length,
            cells.Select(c => Movie.PerCellR[c]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average(),
            cells.Count(c => Flash.PolarityRight[c]), cells.Count(c => Flash.TypeRight[c]),
            cells.Count(c => SpatialFrequencyScore.IsWithin(SpatialFrequency.Ratios[c])), cells.Count(c => StaScore.IsCentred(Sta.DistancesPx[c])));
    }).ToList();

    /// <summary>Median of the defined values; undefined ones count as failures in the counts, not here.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>The goals of a virtual retina that behaves like one (issue: "a retina scorecard"), checked in this order.</summary>
    public IReadOnlyList<(string Name, string Value, string Goal, bool Pass)> Goals() =>
    [
        ("movie mean r", F(Movie.MeanR), ">= 0.70", Movie.MeanR >= 0.7),
        ("flash polarity", $"{Flash.PolarityCorrect}/{Flash.Cells}", ">= 85/90", Flash.PolarityCorrect >= 85),
        ("flash full type", $"{Flash.TypeCorrect}/{Flash.Cells}", ">= 60/90", Flash.TypeCorrect >= 60),
        ("SF within 1.5x", $"{SpatialFrequency.Within}/{SpatialFrequency.Cells}", ">= 80/90", SpatialFrequency.Within >= 80),
        ("STA centre within a patch", $"{Sta.CenterWithinPatch}/{Sta.Cells}", ">= 75/90", Sta.CenterWithinPatch >= 75),
        ("backbone + head ms/frame", F(Speed.MsPerFrame), "<= 15", Speed.MsPerFrame <= 15),
    ];

    static string F(double v) => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);

    public JsonObject ToJson() => new()
    {
        ["model"] = Model,
        ["seeds"] = new JsonObject
        {
            ["movie"] = Options.MovieSeed, ["movies"] = Options.Movies, ["poisson"] = Options.PoissonSeed, ["noise"] = Options.NoiseSeed,
        },
        ["movie"] = new JsonObject
        {
            ["frames"] = Movie.Frames, ["mean_r"] = R(Movie.MeanR), ["mean_abs_r"] = R(Movie.MeanAbsR),
            ["cc_norm"] = R(Movie.CcNorm), ["ceiling_r"] = R(Movie.CeilingR),
            ["movies"] = new JsonArray([.. Movie.Movies.Select(m => (JsonNode)new JsonObject
            {
                ["seed"] = m.Seed, ["poisson_seed"] = m.PoissonSeed, ["frames"] = m.Frames, ["mean_r"] = R(m.MeanR),
                ["mean_abs_r"] = R(m.MeanAbsR), ["cc_norm"] = R(m.CcNorm), ["ceiling_r"] = R(m.CeilingR),
            })]),
        },
        ["flash"] = new JsonObject { ["polarity_correct"] = Flash.PolarityCorrect, ["type_correct"] = Flash.TypeCorrect, ["cells"] = Flash.Cells },
        ["spatial_frequency"] = new JsonObject { ["within_1_5x"] = SpatialFrequency.Within, ["cells"] = SpatialFrequency.Cells, ["median_ratio"] = R(SpatialFrequency.MedianRatio) },
        ["sta"] = new JsonObject
        {
            ["center_within_patch"] = Sta.CenterWithinPatch, ["polarity_correct"] = Sta.PolarityCorrect, ["cells"] = Sta.Cells,
            ["median_distance_px"] = R(Sta.MedianDistancePx),
        },
        ["speed"] = new JsonObject { ["ms_per_frame"] = R(Speed.MsPerFrame) },
        ["by_type"] = new JsonArray(ByType().Select(t => (JsonNode)new JsonObject
        {
            ["type"] = t.Type, ["cells"] = t.Cells, ["movie_mean_r"] = R(t.MovieMeanR), ["flash_polarity_correct"] = t.FlashPolarityCorrect,
            ["flash_type_correct"] = t.FlashTypeCorrect, ["sf_within_1_5x"] = t.SpatialFrequencyWithin, ["sta_center_within_patch"] = t.StaCentred,
        }).ToArray()),
        ["goals_met"] = Goals().Count(g => g.Pass), ["goals"] = Goals().Count,
    };

    /// <summary>Rounded for people; NaN (undefined) becomes null.</summary>
    static JsonNode? R(double v) => double.IsFinite(v) ? Math.Round(v, 4) : null;

    public string ToJsonLine() => ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
