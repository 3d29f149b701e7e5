using System.Text;
using System.Text.Json;

namespace ViST.Renderer.Scenes;

/// <summary>
/// Scene files: <c>{"seed": 1, "background": 0.5, "layers": [{"type": "grating", "id": "g", "cycles_per_px": 0.05,
/// "start_s": 0, "end_s": null, "keyframes": {"contrast": [[0, 0], [2, 1]]}}]}</c>. Every error names the file,
/// the layer and the field, and says what was expected (unit and range). Comments and trailing commas are allowed.
/// </summary>
public static class SceneJson
{
    /// <summary>Scene files may hold comments and trailing commas.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    static JsonDocumentOptions Options => DocumentOptions;

    /// <summary>The scene's own fields, typed like layer parameters (for validation and for editors).</summary>
    public static readonly ParamSpec SeedSpec = new("seed", ParamKind.Integer, "", "random seed of every layer that has none of its own") { Min = 0, Max = uint.MaxValue, Default = 0L };
    public static readonly ParamSpec BackgroundSpec = new("background", ParamKind.Number, "linear luminance", "luminance where no layer draws, and the mean that contrasts refer to") { Min = 0, Max = 1, Default = 0.5 };

    public static Scene Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such scene file", path);
        return Parse(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Parses scene text; <paramref name="source"/> names it in errors, relative file paths are taken
    /// from <paramref name="folder"/>.</summary>
    public static Scene Parse(string json, string source = "scene", string? folder = null)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, Options); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: not valid JSON: {e.Message}", e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{source}: expected a JSON object {{\"seed\", \"background\", \"layers\"}}");
            long seed = 0; double background = 0.5; var layers = new List<Layer>();
            foreach (var field in root.EnumerateObject())
            {
                try
                {
                    switch (field.Name)
                    {
                        case "seed":
                            seed = (long)SeedSpec.Coerce(ToObject(field.Value));
                            break;
                        case "background":
                            background = (double)BackgroundSpec.Coerce(ToObject(field.Value));
                            break;
                        case "layers":
                            if (field.Value.ValueKind != JsonValueKind.Array) throw new ArgumentException("layers: expected a list of layer objects");
                            int i = 0;
                            foreach (var l in field.Value.EnumerateArray()) layers.Add(ParseLayer(l, i++, folder));
                            break;
                        default:
                            throw new ArgumentException($"{field.Name}: unknown field (a scene has seed, background, layers)");
                    }
                }
                catch (ArgumentException e) { throw new InvalidDataException($"{source}: {e.Message}", e); }
                catch (FileNotFoundException e) { throw new FileNotFoundException($"{source}: {e.Message}", e.FileName, e); }
            }
            try { return new Scene(seed, background, layers); }
            catch (ArgumentException e) { throw new InvalidDataException($"{source}: {e.Message}", e); }
        }
    }

    static Layer ParseLayer(JsonElement l, int index, string? folder)
    {
        string where = $"layers[{index}]";
        if (l.ValueKind != JsonValueKind.Object) throw new ArgumentException($"{where}: expected an object with a \"type\"");
        if (!l.TryGetProperty("type", out var typeEl) || typeEl.ValueKind != JsonValueKind.String)
            throw new ArgumentException($"{where}.type: missing; one of {string.Join(", ", StimulusTypes.All.Keys)}");
        string type = typeEl.GetString()!;
        where += $" ({type})";
        try
        {
            StimulusTypes.Of(type);
            string? id = null; double start = 0; double? end = null;
            var ps = new List<(string, object?)>();
            var ks = new List<(string, Keyframes)>();
            foreach (var f in l.EnumerateObject())
            {
                switch (f.Name)
                {
                    case "type": break;
                    case "id":
                        id = f.Value.ValueKind == JsonValueKind.String && f.Value.GetString() is { Length: > 0 } name ? name
                            : throw new ArgumentException("id: expected a non-empty string");
                        break;
                    case "start_s": start = Seconds(f); break;
                    case "end_s": end = f.Value.ValueKind == JsonValueKind.Null ? null : Seconds(f); break;
                    case "keyframes": ks.AddRange(ParseKeyframes(f.Value)); break;
                    default: ps.Add((f.Name, ToObject(f.Value))); break;
                }
            }
            string label = id is null ? where : $"{where} \"{id}\"";
            try { return Layer.Create(type, id, start, end, ps, ks, folder); }
            catch (ArgumentException e) { throw new ArgumentException($"{label} {e.Message}", e); }
            catch (FileNotFoundException e) { throw new FileNotFoundException($"{label} {e.Message}", e.FileName, e); }
        }
        catch (ArgumentException e) when (!e.Message.StartsWith("layers[", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{where} {e.Message}", e);
        }
    }

    static double Seconds(JsonProperty f) =>
        (double)(f.Name == "start_s" ? Layer.StartSpec : Layer.EndSpec).Coerce(ToObject(f.Value));

    static IEnumerable<(string, Keyframes)> ParseKeyframes(JsonElement el)
    {
        if (el.ValueKind != JsonValueKind.Object) throw new ArgumentException("keyframes: expected {\"param\": [[t_s, value], ...]}");
        foreach (var f in el.EnumerateObject())
        {
            if (f.Value.ValueKind != JsonValueKind.Array) throw new ArgumentException($"keyframes.{f.Name}: expected [[t_s, value], ...]");
            var points = new List<(double, double)>();
            foreach (var p in f.Value.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() != 2 || p[0].ValueKind != JsonValueKind.Number || p[1].ValueKind != JsonValueKind.Number)
                    throw new ArgumentException($"keyframes.{f.Name}: expected [[t_s, value], ...]; got {p.GetRawText()}");
                points.Add((p[0].GetDouble(), p[1].GetDouble()));
            }
            Keyframes track;
            try { track = new Keyframes(points); }
            catch (ArgumentException e) { throw new ArgumentException($"keyframes.{f.Name}: {e.Message}"); }
            yield return (f.Name, track);
        }
    }

    internal static object? ToObject(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Array => e.EnumerateArray().Select(ToObject).ToList(),
        _ => e.GetRawText(),
    };

    public static string Write(Scene scene)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("seed", scene.Seed);
            w.WriteNumber("background", scene.Background);
            w.WriteStartArray("layers");
            foreach (var l in scene.Layers)
            {
                w.WriteStartObject();
                w.WriteString("type", l.Type);
                if (l.Id != null) w.WriteString("id", l.Id);
                w.WriteNumber("start_s", l.StartS);
                if (l.EndS is { } end) w.WriteNumber("end_s", end); else w.WriteNull("end_s");
                foreach (var (name, value) in l.Params)
                {
                    w.WritePropertyName(name);
                    WriteValue(w, value);
                }
                if (l.Keyframes.Count > 0)
                {
                    w.WriteStartObject("keyframes");
                    foreach (var (name, k) in l.Keyframes)
                    {
                        w.WriteStartArray(name);
                        foreach (var (t, v) in k.Points) { w.WriteStartArray(); w.WriteNumberValue(t); w.WriteNumberValue(v); w.WriteEndArray(); }
                        w.WriteEndArray();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    static void WriteValue(Utf8JsonWriter w, object value)
    {
        switch (value)
        {
            case double d: w.WriteNumberValue(d); break;
            case long n: w.WriteNumberValue(n); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case double[] p: w.WriteStartArray(); foreach (var x in p) w.WriteNumberValue(x); w.WriteEndArray(); break;
            case double[][] steps:
                w.WriteStartArray();
                foreach (var s in steps) WriteValue(w, s);
                w.WriteEndArray();
                break;
            default: throw new InvalidOperationException($"cannot write {value.GetType()}");
        }
    }
}
