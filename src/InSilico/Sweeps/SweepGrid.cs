using System.Text.Json.Nodes;

namespace ViST.InSilico.Sweeps;

/// <summary>Expands a sweep's "grid" (cartesian product) and "list" (explicit conditions) into conditions.</summary>
public static class SweepGrid
{
    /// <summary>Parameters in column order and the conditions: grid points first (first parameter outermost),
    /// then list entries. Every condition sets every parameter.</summary>
    public static (IReadOnlyList<string> Parameters, IReadOnlyList<SweepCondition> Conditions) Expand(
        JsonNode? grid, JsonNode? list, Func<string, Exception> bad)
    {
        if (grid == null && list == null) throw bad("nothing to sweep: give a \"grid\" or a \"list\"");
        var parameters = new List<string>();
        var rows = new List<JsonNode[]>();

        if (grid != null)
        {
            if (grid is not JsonObject g || g.Count == 0) throw bad("\"grid\" must be an object with at least one parameter");
            var axes = new List<JsonNode[]>();
            foreach (var (name, values) in g)
            {
                var v = Values(name, values, bad);
                if (v.Length == 0) throw bad($"grid parameter '{name}' has no values (an empty grid)");
                parameters.Add(name); axes.Add(v);
            }
            rows.AddRange(Cartesian(axes));
        }

        if (list != null)
        {
            if (list is not JsonArray l || l.Count == 0) throw bad("\"list\" must be a non-empty array of objects");
            if (grid == null)
                foreach (var (name, _) in l[0] as JsonObject ?? throw bad("\"list\" entries must be objects")) parameters.Add(name);
            for (int i = 0; i < l.Count; i++)
            {
                if (l[i] is not JsonObject entry) throw bad($"\"list\"[{i}] must be an object");
                var names = entry.Select(kv => kv.Key).ToHashSet();
                if (!names.SetEquals(parameters))
                    throw bad($"\"list\"[{i}] sets {{{string.Join(", ", names)}}} but every condition must set exactly {{{string.Join(", ", parameters)}}}");
                rows.Add(parameters.Select(p => entry[p]?.DeepClone() ?? throw bad($"\"list\"[{i}].{p} is null")).ToArray());
            }
        }

        return (parameters, rows.Select((r, i) => new SweepCondition(i, r)).ToList());
    }

    /// <summary>A parameter's values: an array, {"linspace": [a, b, n]} or {"logspace": [a, b, n]}
    /// (n values from a to b inclusive, evenly or geometrically spaced).</summary>
    static JsonNode[] Values(string name, JsonNode? spec, Func<string, Exception> bad)
    {
        if (spec is JsonArray a)
            return a.Select((v, i) => v?.DeepClone() ?? throw bad($"grid parameter '{name}': value {i} is null")).ToArray();
        if (spec is JsonObject o && o.Count == 1 && (o["linspace"] ?? o["logspace"]) is JsonArray r)
        {
            bool log = o.ContainsKey("logspace");
            if (r.Count != 3 || !r.All(x => x is JsonValue v && v.TryGetValue<double>(out _)))
                throw bad($"grid parameter '{name}': {(log ? "logspace" : "linspace")} takes [from, to, count]");
            double from = r[0]!.GetValue<double>(), to = r[1]!.GetValue<double>(), n = r[2]!.GetValue<double>();
            if (n < 0 || n != Math.Floor(n)) throw bad($"grid parameter '{name}': count must be a whole number >= 0 (got {n})");
            if (log && (from <= 0 || to <= 0)) throw bad($"grid parameter '{name}': logspace needs positive bounds");
            return Enumerable.Range(0, (int)n).Select(i =>
            {
                double f = n == 1 ? 0 : i / (n - 1);
                double x = log ? from * Math.Pow(to / from, f) : from + (to - from) * f;
                // 12 significant digits: 0.1 * 3 is written 0.3, so files and CSV columns read as typed.
                return (JsonNode)JsonValue.Create(double.Parse(x.ToString("G12", System.Globalization.CultureInfo.InvariantCulture),
                    System.Globalization.CultureInfo.InvariantCulture));
            }).ToArray();
        }
        throw bad($"grid parameter '{name}': expected an array of values, {{\"linspace\": [from, to, count]}} or {{\"logspace\": [from, to, count]}}");
    }

    static IEnumerable<JsonNode[]> Cartesian(List<JsonNode[]> axes)
    {
        var index = new int[axes.Count];
        while (true)
        {
            yield return axes.Select((a, k) => a[index[k]].DeepClone()).ToArray();
            int d = axes.Count - 1;
            while (d >= 0 && ++index[d] == axes[d].Length) index[d--] = 0;
            if (d < 0) yield break;
        }
    }
}
