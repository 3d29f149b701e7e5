using System.Globalization;
using System.Text.Json;

namespace ViST.Simulator.Controllers;

/// <summary>
/// A stimulus parameter a controller may move, with the range of each component: "spot.center_px=0:360,0:360"
/// is a 2-vector parameter (written as a JSON array), "grating.contrast=0:1" a number.
/// </summary>
public sealed record ParamRange(string Layer, string Name, (double Lo, double Hi)[] Components)
{
    public static ParamRange Parse(string spec)
    {
        int eq = spec.IndexOf('='), dot = spec.IndexOf('.');
        if (eq < 0 || dot <= 0 || dot > eq - 2)
            throw new ArgumentException($"'{spec}' is not layer.param=lo:hi[,lo:hi...] (e.g. spot.center_px=0:360,0:360)");
        var comps = spec[(eq + 1)..].Split(',').Select(c =>
        {
            var lh = c.Split(':');
            if (lh.Length != 2 || !double.TryParse(lh[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lo)
                || !double.TryParse(lh[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double hi) || !(lo < hi))
                throw new ArgumentException($"'{c}' in '{spec}' is not a range lo:hi with lo < hi");
            return (lo, hi);
        }).ToArray();
        return new ParamRange(spec[..dot], spec[(dot + 1)..eq], comps);
    }

    public string Label => $"{Layer}.{Name}";

    /// <summary>The parameter's value as JSON from its components' values.</summary>
    public string ToJson(ReadOnlySpan<double> values) =>
        Components.Length == 1 ? JsonSerializer.Serialize(values[0]) : JsonSerializer.Serialize(values.ToArray());
}
