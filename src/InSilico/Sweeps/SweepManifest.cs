using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ViST.RetinaModel;

namespace ViST.InSilico.Sweeps;

/// <summary>manifest.json of a sweep output folder: what was run (the sweep with its scene inlined, its
/// hash), on which model (bundle path and content hash), which cells, which shard, with which versions.
/// Written before the first condition so that --resume and merge can check they continue the same run,
/// and so that merge can finish the analyses without opening the retina.</summary>
public sealed record SweepManifest(JsonObject Sweep, string SweepHash, string ModelHash, string? ModelName,
    IReadOnlyList<CellInfo> Cells, int ShardIndex, int ShardCount)
{
    public const string FileName = "manifest.json";

    /// <summary>The model is recorded by its hash and its folder's name, never this machine's path to it.</summary>
    public static SweepManifest For(SweepSpec spec, ModelIdentity model, IReadOnlyList<CellInfo> cells, int shardIndex, int shardCount) =>
        new(spec.Resolved, spec.Hash, model.Hash, model.Path is { } p ? Path.GetFileName(p.TrimEnd('/')) : null, cells, shardIndex, shardCount);

    public void Write(string dir)
    {
        var o = new JsonObject
        {
            ["format"] = "vist-sweep/1",
            ["sweep_hash"] = SweepHash,
            ["model_hash"] = ModelHash,
            ["model"] = ModelName,
            ["shard"] = new JsonObject { ["index"] = ShardIndex, ["count"] = ShardCount },
            ["versions"] = new JsonObject
            {
                ["vist"] = typeof(SweepManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
                ["dotnet"] = Environment.Version.ToString(),
            },
            ["cells"] = new JsonArray(Cells.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["type"] = c.Type, ["center_x"] = c.CenterX, ["center_y"] = c.CenterY,
            }).ToArray()),
            ["sweep"] = Sweep.DeepClone(),
        };
        AtomicFile.WriteAllText(Path.Combine(dir, FileName), o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public static SweepManifest Read(string dir)
    {
        string path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: not a sweep output folder (no {FileName})", path);
        try
        {
            var o = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            if (o["format"]?.GetValue<string>() != "vist-sweep/1") throw new InvalidDataException($"{path}: not a vist sweep manifest");
            var cells = o["cells"]!.AsArray().Select(c => new CellInfo(c!["id"]!.GetValue<int>(), c["type"]!.GetValue<string>(),
                c["center_x"]!.GetValue<double>(), c["center_y"]!.GetValue<double>())).ToList();
            return new SweepManifest(o["sweep"]!.AsObject(), o["sweep_hash"]!.GetValue<string>(), o["model_hash"]!.GetValue<string>(),
                o["model"]?.GetValue<string>(), cells, o["shard"]!["index"]!.GetValue<int>(), o["shard"]!["count"]!.GetValue<int>());
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: malformed sweep manifest ({e.Message})");
        }
    }
}

/// <summary>Writes files through a temporary name and a rename, so a crash never leaves a half file that
/// --resume would take for a finished condition.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<string> writeTo)
    {
        string tmp = path + ".tmp";
        writeTo(tmp);
        File.Move(tmp, path, overwrite: true);
    }

    public static void WriteAllText(string path, string text) => Write(path, t => File.WriteAllText(t, text));
}
