using System.Text.Json;

namespace ViST.RetinaModel.Metrics;

/// <summary>
/// Every evaluation metric for one prediction against its target (and, optionally, repeated trials), and its
/// JSON form: the one object `vist-train metrics` prints. Undefined values (NaN) are written as null.
/// </summary>
public sealed record MetricsReport(CorrelationSummary Pearson, CorrelationSummary PearsonZScored,
    MetricSummary SdKl, MetricSummary SdTvd, NoiseCeilingReport? NoiseCeiling)
{
    /// <summary>Series [neuron][time]; <paramref name="trials"/> [neuron][trial][time] or null.</summary>
    public static MetricsReport Compute(double[][] prediction, double[][] target, double[][][]? trials = null) => new(
        Metrics.Pearson.PerNeuron(prediction, target),
        Metrics.Pearson.ZScored(prediction, target),
        SpikeDensityDivergence.PerNeuron(prediction, target, DensityDivergence.KullbackLeibler),
        SpikeDensityDivergence.PerNeuron(prediction, target, DensityDivergence.TotalVariation),
        trials is null ? null : Metrics.NoiseCeiling.Compute(prediction, trials));

    public string ToJson(bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            Write(w, "pearson", Pearson);
            Write(w, "pearson_zscored", PearsonZScored);
            Write(w, "sd_kl", SdKl);
            Write(w, "sd_tvd", SdTvd);
            if (NoiseCeiling is { } n)
            {
                w.WriteStartObject("noise_ceiling");
                Write(w, "split_half", n.SplitHalf);
                Write(w, "split_half_spearman_brown", n.SplitHalfSpearmanBrown);
                Write(w, "fev", n.ExplainableVariance);
                Write(w, "feve", n.Feve);
                Write(w, "cc_max", n.CcMax);
                Write(w, "cc_norm", n.CcNorm);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    static void Write(Utf8JsonWriter w, string name, CorrelationSummary c)
    {
        w.WriteStartObject(name);
        WriteArray(w, "per_neuron", c.PerNeuron);
        WriteNumber(w, "mean_abs", c.MeanAbs);
        WriteNumber(w, "mean", c.Mean);
        WriteNumber(w, "mean_positive", c.MeanPositive);
        w.WriteEndObject();
    }

    static void Write(Utf8JsonWriter w, string name, MetricSummary m)
    {
        w.WriteStartObject(name);
        WriteArray(w, "per_neuron", m.PerNeuron);
        WriteNumber(w, "mean", m.Mean);
        w.WriteEndObject();
    }

    static void WriteArray(Utf8JsonWriter w, string name, double[] values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
            if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
        w.WriteEndArray();
    }

    static void WriteNumber(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name);
    }
}
