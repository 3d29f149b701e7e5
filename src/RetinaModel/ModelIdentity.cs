using System.Security.Cryptography;

namespace ViST.RetinaModel;

/// <summary>
/// Which model produced some rates, for recordings and sweep manifests: a bundle is named by the sha256 of its
/// manifest.json (which lists the sha256 of every file in the bundle, checked on load), so the hash ties results
/// to exact weights; the built-in LN retina by its name.
/// </summary>
public sealed record ModelIdentity(string? Path, string Hash)
{
    public static ModelIdentity BuiltIn(string retinaName) => new(null, "builtin:" + retinaName);

    /// <summary>The identity of what <see cref="RetinaFactory.Open"/> opens for <paramref name="model"/>.</summary>
    public static ModelIdentity Of(string? model)
    {
        model ??= RetinaFactory.DefaultName;
        if (model == RetinaFactory.LnName) return BuiltIn(RetinaFactory.LnName);
        string dir = model == RetinaFactory.DefaultName ? RetinaFactory.DefaultBundlePath : model;
        if (model == RetinaFactory.DefaultName && !Directory.Exists(dir)) return new(null, RetinaFactory.DefaultName);   // nothing to hash
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: model bundle folder not found");
        string manifest = System.IO.Path.Combine(dir, "manifest.json");
        if (!File.Exists(manifest)) throw new InvalidDataException($"{dir}: not a model bundle (no manifest.json)");
        var bytes = File.ReadAllBytes(manifest);
        try { using var _ = System.Text.Json.JsonDocument.Parse(bytes); }
        catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"{manifest}: not valid JSON ({e.Message})", e); }
        return new(System.IO.Path.GetFullPath(dir), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
