using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ViST.InSilico.Analysis;

namespace ViST.InSilico.Sweeps;

/// <summary>
/// results.csv, tidy: one row per (condition, cell, measure) for the per-condition responses (analysis
/// "response": mean_rate, peak_rate) and one row per (cell, measure) for each analysis (condition columns
/// empty). Columns: analysis, condition, one column per swept parameter, cell, cell_type, measure, value.
/// Numbers are written invariantly in their shortest round-trip form, rows in a fixed order and "\n" line
/// ends, so the same responses always give the same bytes (which is what lets shards merge exactly).
/// </summary>
public static class ResultsCsv
{
    public const string FileName = "results.csv";

    public static void Write(string path, Analysis.SweepData data, IEnumerable<(string Analysis, IReadOnlyList<AnalysisRow> Rows)> analyses)
    {
        var spec = data.Spec;
        var sb = new StringBuilder();
        sb.Append("analysis,condition");
        foreach (var p in spec.Parameters) sb.Append(',').Append(Escape(p));
        sb.Append(",cell,cell_type,measure,value\n");

        string emptyParameters = new(',', spec.Parameters.Count);
        foreach (var c in spec.Conditions)
        {
            string prefix = "response," + c.Index.ToString(CultureInfo.InvariantCulture)
                            + string.Concat(c.Values.Select(v => "," + Escape(Text(v))));
            for (int cell = 0; cell < data.CellCount; cell++)
            {
                var trace = data.MeanTrace(cell, c.Index);
                Row(sb, prefix, data, cell, "mean_rate", Number(ResponseMeasures.Of(trace, ResponseMeasure.Mean)));
                Row(sb, prefix, data, cell, "peak_rate", Number(ResponseMeasures.Of(trace, ResponseMeasure.Peak)));
            }
        }
        foreach (var (name, rows) in analyses)
            foreach (var r in rows)
                Row(sb, Escape(name) + "," + emptyParameters, data, r.Cell, r.Measure, r.Label != null ? Escape(r.Label) : Number(r.Value));
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    static void Row(StringBuilder sb, string prefix, Analysis.SweepData data, int cell, string measure, string value)
    {
        var info = data.Cells[cell];
        sb.Append(prefix).Append(',').Append(info.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
          .Append(Escape(info.Type)).Append(',').Append(measure).Append(',').Append(value).Append('\n');
    }

    public static string Number(double v) => double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);

    static string Text(JsonNode v) => v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v.ToJsonString();

    static string Escape(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
