using System.Text.Json.Nodes;

namespace ViST.InSilico.Analysis;

/// <summary>A cell's response as a function of one swept parameter: x sorted ascending, y the measure
/// averaged over all conditions that share x (so a 2-D grid is marginalised over its other parameter).</summary>
public sealed record TuningCurve(double[] X, double[] Y)
{
    public static TuningCurve Of(SweepData data, int parameter, int cell, ResponseMeasure measure)
    {
        var groups = new SortedDictionary<double, (double Sum, int N)>();
        foreach (var c in data.Spec.Conditions)
        {
            double x = c.Number(parameter);
            if (double.IsNaN(x))
                throw data.Spec.Bad($"parameter '{data.Spec.Parameters[parameter]}' has a non-numeric value in condition {c.Index}; tuning analyses need numbers");
            double hz = measure == ResponseMeasure.F1 ? TemporalHz(data, c.Index) : double.NaN;
            double y = ResponseMeasures.Of(data.MeanTrace(cell, c.Index), measure, hz);
            groups[x] = groups.TryGetValue(x, out var g) ? (g.Sum + y, g.N + 1) : (y, 1);
        }
        return new TuningCurve(groups.Keys.ToArray(), groups.Values.Select(g => g.Sum / g.N).ToArray());
    }

    /// <summary>The drift frequency of a condition: the first layer stating "temporal_hz".</summary>
    static double TemporalHz(SweepData data, int condition)
    {
        var layers = data.Spec.SceneFor(condition, 0)["layers"] as JsonArray;
        foreach (var l in layers ?? [])
            if (l?["temporal_hz"] is JsonValue v && v.TryGetValue<double>(out var hz)) return hz;
        throw data.Spec.Bad("measure 'f1' needs a layer with \"temporal_hz\" in the scene");
    }
}
