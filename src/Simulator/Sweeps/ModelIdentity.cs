using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ViST.Simulator.Sweeps;

/// <summary>Which model a sweep ran on: the bundle folder and a SHA-256 over its files (names and bytes,
/// in ordinal name order), so results from different models are never merged.</summary>
public sealed record ModelIdentity(string? Path, string Hash)
{
    /// <summary>No bundle given: the program's built-in default retina.</summary>
    public static ModelIdentity BuiltIn(string retinaName) => new(null, "builtin:" + retinaName);

    /// <summary>Checks that <paramref name="dir"/> looks like a model bundle (a folder with a readable JSON
    /// manifest.json) and hashes it; the retina itself is opened by the caller.</summary>
    public static ModelIdentity OfBundle(string dir)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: model bundle folder not found");
        string manifest = System.IO.Path.Combine(dir, "manifest.json");
        if (!File.Exists(manifest)) throw new InvalidDataException($"{dir}: not a model bundle (no manifest.json)");
        try
        {
            if (JsonNode.Parse(File.ReadAllText(manifest)) is not JsonObject)
                throw new InvalidDataException($"{manifest}: expected a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{manifest}: not valid JSON ({e.Message})");
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(System.IO.Path.GetRelativePath(dir, file).Replace('\\', '/') + "\n"));
            using var s = File.OpenRead(file);
            sha.AppendData(SHA256.HashData(s));
        }
        return new ModelIdentity(System.IO.Path.GetFullPath(dir), "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}
