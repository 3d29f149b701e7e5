using System.Security.Cryptography;
using System.Text.Json;
using Google.Protobuf;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Head;
using ViST.RetinaModel.IO;

namespace ViST.RetinaModel.Bundles;

/// <summary>
/// A model bundle folder (NAME.vist/): manifest.json, head.onnx (full window), head_step.onnx (streaming),
/// head.safetensors (upstream key names), rf_masks.npy [cells,G,G] and cells.json. Every file but the manifest is
/// listed in it with its sha256, checked on load: a changed or corrupt file is an error naming that file.
/// </summary>
public sealed class ModelBundle
{
    public const string ManifestFile = "manifest.json", HeadFile = "head.onnx", StepFile = "head_step.onnx",
        WeightsFile = "head.safetensors", RfFile = "rf_masks.npy", CellsFile = "cells.json";
    static readonly string[] Payload = [HeadFile, StepFile, WeightsFile, RfFile, CellsFile];

    readonly Dictionary<string, byte[]> _files;

    public string Directory { get; }
    public BundleManifest Manifest { get; }
    public IReadOnlyList<CellInfo> Cells { get; }
    /// <summary>[cells, G, G].</summary>
    public float[] RfMasks { get; }

    public byte[] HeadOnnx => _files[HeadFile];
    public byte[] StepOnnx => _files[StepFile];
    public HeadConfig Head => Manifest.Head;

    ModelBundle(string dir, BundleManifest manifest, Dictionary<string, byte[]> files, IReadOnlyList<CellInfo> cells, float[] rf)
    {
        Directory = dir; Manifest = manifest; _files = files; Cells = cells; RfMasks = rf;
    }

    /// <summary>Reads a bundle and checks every file against the manifest's hashes and shapes.</summary>
    public static ModelBundle Load(string dir)
    {
        if (!System.IO.Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: model bundle folder not found");
        string manifestPath = Path.Combine(dir, ManifestFile);
        if (!File.Exists(manifestPath)) throw new FileNotFoundException($"{manifestPath}: missing (not a model bundle?)", manifestPath);
        BundleManifest m;
        try { m = JsonSerializer.Deserialize<BundleManifest>(File.ReadAllText(manifestPath), BundleManifest.Json) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new InvalidDataException($"{manifestPath}: not a valid bundle manifest: {e.Message}", e); }
        if (m.Format != BundleManifest.CurrentFormat)
            throw new InvalidDataException($"{manifestPath}: format '{m.Format}', this program reads '{BundleManifest.CurrentFormat}'");
        if (m.Head == null || m.Backbone == null || m.Files == null)
            throw new InvalidDataException($"{manifestPath}: needs \"head\", \"backbone\" and \"files\"");

        var files = new Dictionary<string, byte[]>();
        foreach (var name in Payload)
        {
            string path = Path.Combine(dir, name);
            if (!m.Files.TryGetValue(name, out var expected)) throw new InvalidDataException($"{manifestPath}: no sha256 for {name}");
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: missing from the bundle", path);
            files[name] = CheckHash(path, File.ReadAllBytes(path), expected);
        }

        string rfPath = Path.Combine(dir, RfFile);
        NdArray rf;
        using (var s = new MemoryStream(files[RfFile])) rf = Npy.Read(s, s.Length);
        rf.RequireShape(rfPath, m.Cells, m.Grid, m.Grid);
        List<CellEntry> entries;
        try { entries = JsonSerializer.Deserialize<List<CellEntry>>(files[CellsFile], BundleManifest.Json) ?? []; }
        catch (JsonException e) { throw new InvalidDataException($"{Path.Combine(dir, CellsFile)}: {e.Message}", e); }
        if (entries.Count != m.Cells) throw new InvalidDataException($"{Path.Combine(dir, CellsFile)}: {entries.Count} cells, the manifest says {m.Cells}");
        if (m.Head.Cells != m.Cells || m.Head.Grid != m.Grid)
            throw new InvalidDataException($"{manifestPath}: head config ({m.Head}) does not match cells={m.Cells} grid={m.Grid}");
        return new ModelBundle(dir, m, files, entries.Select(e => new CellInfo(e.Id, e.Type, e.CenterX, e.CenterY)).ToList(), rf.ToFloat32());
    }

    /// <summary>Upstream weights (head.safetensors), e.g. to fine-tune or re-export; hash-checked again.</summary>
    public Dictionary<string, NdArray> ReadWeights()
    {
        string path = Path.Combine(Directory, WeightsFile);
        CheckHash(path, File.ReadAllBytes(path), Manifest.Files[WeightsFile]);
        return SafeTensors.Read(path);
    }

    /// <summary>
    /// Writes a complete bundle: builds both head graphs from <paramref name="weights"/> (upstream Vi-ST keys; the
    /// config is inferred from their shapes), and records the backbone, provenance (dataset, split, epochs, seed,
    /// code version, ...) and held-out metrics. The manifest is written last, so a folder without one is incomplete.
    /// </summary>
    public static ModelBundle Write(string dir, string name, IReadOnlyDictionary<string, NdArray> weights, NdArray rfMasks,
        IReadOnlyList<CellInfo> cells, BackboneSpec backbone, IReadOnlyDictionary<string, string> provenance,
        IReadOnlyDictionary<string, double> metrics)
    {
        var head = HeadConfig.FromWeights(weights, $"bundle '{name}' weights");
        rfMasks.RequireShape($"bundle '{name}' rf masks", head.Cells, head.Grid, head.Grid);
        if (cells.Count != head.Cells) throw new ArgumentException($"bundle '{name}': {cells.Count} cells given, the weights have {head.Cells}");
        if (backbone.Dim > 0 && backbone.Dim != head.InputDim)
            throw new ArgumentException($"bundle '{name}': backbone '{backbone.Preset}' gives {backbone.Dim}-wide features, the head expects {head.InputDim}");
        if (backbone.Grid != head.Grid) throw new ArgumentException($"bundle '{name}': backbone grid {backbone.Grid} != head grid {head.Grid}");
        if (rfMasks.ToFloat32().Any(v => !float.IsFinite(v))) throw new ArgumentException($"bundle '{name}': rf masks contain NaN or infinity");

        System.IO.Directory.CreateDirectory(dir);
        string manifestPath = Path.Combine(dir, ManifestFile);
        if (File.Exists(manifestPath)) File.Delete(manifestPath);
        File.WriteAllBytes(Path.Combine(dir, HeadFile), HeadGraphs.FullWindow(head, weights).ToByteArray());
        File.WriteAllBytes(Path.Combine(dir, StepFile), HeadGraphs.Step(head, weights).ToByteArray());
        SafeTensors.Write(Path.Combine(dir, WeightsFile), weights, new Dictionary<string, string> { ["format"] = "pt", ["vist_head"] = head.ToString() });
        Npy.Write(Path.Combine(dir, RfFile), NdArray.Of(rfMasks.ToFloat32(), head.Cells, head.Grid, head.Grid));
        File.WriteAllText(Path.Combine(dir, CellsFile),
            JsonSerializer.Serialize(cells.Select(c => new CellEntry(c.Id, c.Type, c.CenterX, c.CenterY)).ToList(), BundleManifest.Json));

        var hashes = Payload.ToDictionary(f => f, f => Sha256(File.ReadAllBytes(Path.Combine(dir, f))));
        var manifest = new BundleManifest(BundleManifest.CurrentFormat, name, head.Cells, head.Grid, backbone, head, hashes,
            new Dictionary<string, string>(provenance), new Dictionary<string, double>(metrics), DateTime.UtcNow);
        WriteManifest(dir, manifest);
        return Load(dir);
    }

    /// <summary>Stores a scorecard in the bundle's manifest (the payload files and their hashes do not change).</summary>
    public static ModelBundle WithScorecard(string dir, System.Text.Json.Nodes.JsonObject scorecard)
    {
        var bundle = Load(dir);
        WriteManifest(dir, bundle.Manifest with { Scorecard = scorecard });
        return Load(dir);
    }

    static void WriteManifest(string dir, BundleManifest manifest)
    {
        string path = Path.Combine(dir, ManifestFile), tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(manifest, BundleManifest.Json) + "\n");
        File.Move(tmp, path, overwrite: true);
    }

    static byte[] CheckHash(string path, byte[] bytes, string expected)
    {
        string actual = Sha256(bytes);
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path}: sha256 {actual} does not match the manifest ({expected}); the file was changed or is corrupt");
        return bytes;
    }

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
