using System.Text.Json;
using System.Text.Json.Nodes;

namespace ViST.InSilico.Scorecard;

/// <summary>(a) The unseen naturalistic movie: the model's Pearson r with the LN retina's trial-averaged response
/// per cell, and the same normalised by the noise ceiling of those trials (CC_norm); the LN retina's own r with
/// its trial average (its noise-free rates) is the ceiling a perfect model reaches.</summary>
public sealed record MovieScore(int Frames, double MeanR, double MeanAbsR, double CcNorm, double CeilingR, double[] PerCellR);

/// <summary>(b) Flash classification against the LN cells' true types: ON/OFF right, and ON/OFF x transient/sustained right.</summary>
public sealed record FlashScore(int PolarityCorrect, int TypeCorrect, int Cells);

/// <summary>(c) Preferred spatial frequency of the drifting-grating sweep within 1.5x of each cell's DoG optimum.</summary>
public sealed record SpatialFrequencyScore(int Within, int Cells, double MedianRatio);

/// <summary>(d) White-noise STA: RF centre within one 22.5-px patch of the cell's true centre, and the RF's polarity.</summary>
public sealed record StaScore(int CenterWithinPatch, int PolarityCorrect, int Cells, double MedianDistancePx);

/// <summary>(e) Speed: milliseconds per frame for one stream, whole model (backbone + head, preprocessing included).</summary>
public sealed record SpeedScore(double MsPerFrame);

/// <summary>The scorecard of one model, with the goals the embedded default has to meet.</summary>
public sealed record ScorecardResult(string Model, ScorecardOptions Options, MovieScore Movie, FlashScore Flash,
    SpatialFrequencyScore SpatialFrequency, StaScore Sta, SpeedScore Speed)
{
    public const double PatchPx = 360.0 / 16;

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
        ["seeds"] = new JsonObject { ["movie"] = Options.MovieSeed, ["poisson"] = Options.PoissonSeed, ["noise"] = Options.NoiseSeed },
        ["movie"] = new JsonObject
        {
            ["frames"] = Movie.Frames, ["mean_r"] = R(Movie.MeanR), ["mean_abs_r"] = R(Movie.MeanAbsR),
            ["cc_norm"] = R(Movie.CcNorm), ["ceiling_r"] = R(Movie.CeilingR),
        },
        ["flash"] = new JsonObject { ["polarity_correct"] = Flash.PolarityCorrect, ["type_correct"] = Flash.TypeCorrect, ["cells"] = Flash.Cells },
        ["spatial_frequency"] = new JsonObject { ["within_1_5x"] = SpatialFrequency.Within, ["cells"] = SpatialFrequency.Cells, ["median_ratio"] = R(SpatialFrequency.MedianRatio) },
        ["sta"] = new JsonObject
        {
            ["center_within_patch"] = Sta.CenterWithinPatch, ["polarity_correct"] = Sta.PolarityCorrect, ["cells"] = Sta.Cells,
            ["median_distance_px"] = R(Sta.MedianDistancePx),
        },
        ["speed"] = new JsonObject { ["ms_per_frame"] = R(Speed.MsPerFrame) },
        ["goals_met"] = Goals().Count(g => g.Pass), ["goals"] = Goals().Count,
    };

    /// <summary>Rounded for people; NaN (undefined) becomes null.</summary>
    static JsonNode? R(double v) => double.IsFinite(v) ? Math.Round(v, 4) : null;

    public string ToJsonLine() => ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
