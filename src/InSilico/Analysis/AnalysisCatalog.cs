using System.Text.Json.Nodes;
using ViST.InSilico.Sweeps;

namespace ViST.InSilico.Analysis;

/// <summary>Builds analyses from the sweep file's "analyses" entries, checking their options against the
/// sweep before any condition runs (a typo should not cost a night of compute).</summary>
public static class AnalysisCatalog
{
    public static readonly IReadOnlyList<string> Types =
    [
        "orientation", "direction", "moving_bar", "spatial_frequency", "temporal_frequency", "size",
        "contrast", "chirp", "flash_classification", "sta",
    ];

    public static IReadOnlyList<ISweepAnalysis> CreateAll(SweepSpec spec)
    {
        var list = spec.Analyses.Select(a => Create(a, spec)).ToList();
        var duplicate = list.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw spec.Bad($"two analyses are named '{duplicate.Key}'; give one a \"name\"");
        return list;
    }

    public static ISweepAnalysis Create(JsonObject config, SweepSpec spec)
    {
        string type = SweepSpec.TextOf(config["type"], "type", spec.Bad) ?? throw spec.Bad("an analysis has no \"type\"");
        var options = new AnalysisOptions(config, spec, type);
        ISweepAnalysis analysis = type switch
        {
            "orientation" => new TuningAnalysis(options, TuningKind.Orientation),
            "direction" => new TuningAnalysis(options, TuningKind.Direction),
            "moving_bar" => new TuningAnalysis(options, TuningKind.MovingBar),
            "spatial_frequency" => new TuningAnalysis(options, TuningKind.SpatialFrequency),
            "temporal_frequency" => new TuningAnalysis(options, TuningKind.TemporalFrequency),
            "size" => new TuningAnalysis(options, TuningKind.Size),
            "contrast" => new ContrastAnalysis(options),
            "chirp" => new ChirpAnalysis(options),
            "flash_classification" => new FlashClassificationAnalysis(options),
            "sta" => new StaAnalysis(options),
            _ => throw spec.Bad($"unknown analysis type '{type}' (expected one of: {string.Join(", ", Types)})"),
        };
        options.RejectUnused();
        return analysis;
    }
}

/// <summary>Typed access to one analysis entry; remembers which keys were read so that a misspelt option
/// is reported instead of silently falling back to a default.</summary>
public sealed class AnalysisOptions(JsonObject config, SweepSpec spec, string type)
{
    readonly HashSet<string> _used = ["type", "name"];

    public SweepSpec Spec => spec;
    public string Name => SweepSpec.TextOf(config["name"], "name", spec.Bad) ?? type;
    public JsonObject Config => config;

    public Exception Bad(string message) => spec.Bad($"analysis '{Name}': {message}");

    public string? String(string key) { _used.Add(key); return SweepSpec.TextOf(config[key], key, Bad); }

    public double Number(string key, double fallback)
    {
        _used.Add(key);
        if (config[key] == null) return fallback;
        return config[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : throw Bad($"\"{key}\" must be a number");
    }

    /// <summary>A [from, to] time window in scene seconds, or null when absent and optional.</summary>
    public (double From, double To)? Window(string key, bool required)
    {
        _used.Add(key);
        if (config[key] == null)
            return required ? throw Bad($"missing \"{key}\": [from_s, to_s] in scene time") : null;
        if (config[key] is not JsonArray a || a.Count != 2 || a.Any(x => x is not JsonValue))
            throw Bad($"\"{key}\" must be [from_s, to_s]");
        double from = a[0]!.GetValue<double>(), to = a[1]!.GetValue<double>();
        double start = spec.WarmupFrames / ViST.Renderer.FrameSpec.FrameRate, end = spec.FramesPerRun / ViST.Renderer.FrameSpec.FrameRate;
        if (!(to > from) || from < start - 1e-9 || to > end + 1e-9)
            throw Bad($"\"{key}\" [{from}, {to}] must be a non-empty window inside the recording, scene time [{start}, {end}] s (warm-up is not recorded)");
        return (from, to);
    }

    /// <summary>The swept parameter an analysis reads ("parameter"), or <paramref name="fallback"/> when the
    /// sweep varies exactly one parameter.</summary>
    public int Parameter()
    {
        string? p = String("parameter");
        if (p == null)
        {
            if (spec.Parameters.Count == 1) return 0;
            throw Bad($"the sweep varies {spec.Parameters.Count} parameters; say which one with \"parameter\"");
        }
        return spec.ParameterIndex(p, Name);
    }

    public ResponseMeasure Measure(ResponseMeasure fallback)
    {
        _used.Add("measure");
        return ResponseMeasures.Parse(config, fallback, Bad);
    }

    public void RejectUnused()
    {
        var unknown = config.Select(kv => kv.Key).Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw Bad($"unknown option(s) {string.Join(", ", unknown)}");
    }
}
