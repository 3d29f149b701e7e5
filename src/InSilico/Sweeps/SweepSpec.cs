using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ViST.Renderer;

namespace ViST.InSilico.Sweeps;

/// <summary>
/// A parsed, validated sweep file: a base scene, the swept parameters, the conditions they expand to,
/// timing per condition and the analyses to run. Every condition's scene is a pure function of this
/// object, so shards on different machines agree on what condition i is.
/// </summary>
/// <remarks>
/// Format (all times in seconds):
/// <code>
/// { "name": "orientation",
///   "scene": { ...scene JSON... } | "relative/path/scene.json",
///   "grid": { "g.orientation_deg": [0, 45, 90], "g.contrast": {"logspace": [0.05, 1, 6]} },
///   "list": [ { "g.orientation_deg": 0, "g.contrast": 1 }, ... ],      (instead of, or after, grid)
///   "duration_s": 2, "warmup_s": 1, "repeats": 1,
///   "analyses": [ { "type": "orientation", "parameter": "g.orientation_deg" } ] }
/// </code>
/// A grid is the cartesian product of its parameters (first one outermost); a list names each condition.
/// </remarks>
public sealed class SweepSpec
{
    static readonly HashSet<string> Keys = ["name", "scene", "grid", "list", "duration_s", "warmup_s", "repeats", "analyses"];

    /// <summary>Where the sweep came from, for error messages ("sweep.json", or a description).</summary>
    public string Source { get; }
    public string Name { get; }
    public JsonObject BaseScene { get; }
    /// <summary>The swept parameters in column order ("layer_id.param", or a top-level scene key).</summary>
    public IReadOnlyList<string> Parameters { get; }
    public IReadOnlyList<SweepCondition> Conditions { get; }
    public int WarmupFrames { get; }
    public int RecordFrames { get; }
    public int Repeats { get; }
    public IReadOnlyList<JsonObject> Analyses { get; }
    /// <summary>The sweep with its scene inlined, as stored in manifests (shards compare its hash).</summary>
    public JsonObject Resolved { get; }

    public int FramesPerRun => WarmupFrames + RecordFrames;
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Resolved.ToJsonString())));

    SweepSpec(string source, JsonObject root, JsonObject scene)
    {
        Source = source;
        foreach (var (key, _) in root)
            if (!Keys.Contains(key))
                throw Bad($"unknown key '{key}' (expected one of: {string.Join(", ", Keys)})");
        Name = TextOf(root["name"], "name", Bad) ?? "sweep";
        BaseScene = scene;
        if (!scene.TryGetPropertyValue("layers", out var layers) || layers is not JsonArray)
            throw Bad("the scene has no \"layers\" array");

        double duration = Number(root, "duration_s", required: true);
        double warmup = root.ContainsKey("warmup_s") ? Number(root, "warmup_s", required: true) : 0;
        if (duration <= 0) throw Bad($"duration_s must be > 0 (got {duration})");
        if (warmup < 0) throw Bad($"warmup_s must be >= 0 (got {warmup})");
        RecordFrames = (int)Math.Round(duration * FrameSpec.FrameRate);
        WarmupFrames = (int)Math.Round(warmup * FrameSpec.FrameRate);
        if (RecordFrames < 1) throw Bad($"duration_s {duration} is shorter than one frame");
        double repeats = root.ContainsKey("repeats") ? Number(root, "repeats", required: true) : 1;
        if (repeats < 1 || repeats != Math.Floor(repeats)) throw Bad($"repeats must be a whole number >= 1 (got {repeats})");
        Repeats = (int)repeats;

        (Parameters, Conditions) = SweepGrid.Expand(root["grid"], root["list"], Bad);
        foreach (var p in Parameters) SceneOverrides.Check(scene, p, Bad);

        var analyses = new List<JsonObject>();
        if (root["analyses"] is JsonArray a)
            foreach (var item in a)
                analyses.Add(item switch
                {
                    JsonObject o => o,
                    JsonValue v when v.TryGetValue<string>(out var type) => new JsonObject { ["type"] = type },
                    _ => throw Bad("each entry of \"analyses\" must be an object with a \"type\" or a type name"),
                });
        else if (root["analyses"] != null) throw Bad("\"analyses\" must be an array");
        Analyses = analyses;

        Resolved = (JsonObject)root.DeepClone();
        Resolved["scene"] = scene.DeepClone();
    }

    /// <summary>Reads and validates a sweep file; a relative "scene" path is resolved beside it.</summary>
    public static SweepSpec Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: sweep file not found", path);
        return Parse(ReadObject(path), path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Parses a sweep object; <paramref name="baseDir"/> resolves a scene given as a path.</summary>
    public static SweepSpec Parse(JsonObject root, string source, string baseDir)
    {
        JsonObject scene = root["scene"] switch
        {
            JsonObject o => (JsonObject)o.DeepClone(),
            JsonValue v when v.TryGetValue<string>(out var rel) => ReadObject(Path.Combine(baseDir, rel)),
            null => throw new InvalidDataException($"{source}: missing \"scene\" (an object or a path to a scene file)"),
            _ => throw new InvalidDataException($"{source}: \"scene\" must be an object or a path"),
        };
        return new SweepSpec(source, root, scene);
    }

    /// <summary>The scene of one run: the base scene with the condition's values set, and the seed
    /// advanced by the repeat index so noise stimuli differ between repeats.</summary>
    public JsonObject SceneFor(int condition, int repeat)
    {
        var scene = (JsonObject)BaseScene.DeepClone();
        var c = Conditions[condition];
        for (int i = 0; i < Parameters.Count; i++) SceneOverrides.Set(scene, Parameters[i], c.Values[i]);
        if (repeat > 0 && scene["seed"] is JsonValue seed && seed.TryGetValue<long>(out var s)) scene["seed"] = s + repeat;
        return scene;
    }

    /// <summary>The conditions of shard <paramref name="index"/> of <paramref name="count"/>: every
    /// count-th condition, so each shard gets a spread of the grid and the split never depends on timing.</summary>
    public IReadOnlyList<int> ShardConditions(int index, int count) =>
        Enumerable.Range(0, Conditions.Count).Where(c => c % count == index).ToList();

    /// <summary>Column index of a swept parameter, or a clear error naming the sweep file.</summary>
    public int ParameterIndex(string parameter, string analysis)
    {
        int i = Parameters.ToList().IndexOf(parameter);
        if (i < 0)
            throw Bad($"analysis '{analysis}' uses parameter '{parameter}', which the sweep does not vary (it varies: {string.Join(", ", Parameters)})");
        return i;
    }

    public InvalidDataException Bad(string message) => new($"{Source}: {message}");

    /// <summary>A JSON string, null when absent, or an error naming the key when it is another kind of value.</summary>
    public static string? TextOf(JsonNode? node, string key, Func<string, Exception> bad) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw bad($"\"{key}\" must be a string"),
    };

    double Number(JsonObject o, string key, bool required)
    {
        if (o[key] is JsonValue v && v.TryGetValue<double>(out var d)) return d;
        throw Bad(required && !o.ContainsKey(key) ? $"missing \"{key}\"" : $"\"{key}\" must be a number");
    }

    /// <summary>Sweep and scene files may carry // comments and trailing commas, as scene files do.</summary>
    static readonly System.Text.Json.JsonDocumentOptions JsonOptions =
        new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads a sweep (or scene) file as a JSON object, comments allowed; errors name the file.</summary>
    public static JsonObject ReadObject(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: JsonOptions) as JsonObject
                   ?? throw new InvalidDataException($"{path}: expected a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})");
        }
    }
}

/// <summary>One point of the sweep: its index and the value of each swept parameter (in
/// <see cref="SweepSpec.Parameters"/> order).</summary>
public sealed record SweepCondition(int Index, IReadOnlyList<JsonNode> Values)
{
    public double Number(int parameter) =>
        Values[parameter] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN;
}
