using System.Security.Cryptography;

namespace ViST.Simulator.Commands;

/// <summary>How a recording names the model that made it: the bundle's manifest hash ties rates to exact weights
/// (the manifest lists the hashes of every file in the bundle).</summary>
public static class ModelIdentity
{
    public const string Default = "default";

    /// <summary>"sha256:..." of the bundle's manifest.json, or "default" for the embedded model.</summary>
    public static string Hash(string? modelDir)
    {
        if (modelDir == null) return Default;
        string manifest = Path.Combine(modelDir, "manifest.json");
        if (!File.Exists(manifest)) throw new FileNotFoundException($"{modelDir} is not a model bundle (no manifest.json)", manifest);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(manifest)));
    }
}
