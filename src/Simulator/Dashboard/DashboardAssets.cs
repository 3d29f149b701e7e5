using System.Security.Cryptography;

namespace ViST.Simulator.Dashboard;

/// <summary>One file of the dashboard's page, embedded in the program.</summary>
public sealed record DashboardAsset(string Path, byte[] Bytes, string ContentType, string ETag);

/// <summary>
/// The dashboard's page, styles and scripts (Dashboard/wwwroot), embedded in the program at build time, so a run
/// serves them without files beside it and a browser fetches nothing from anywhere else.
/// </summary>
public static class DashboardAssets
{
    const string Prefix = "dashboard/";
    static readonly Dictionary<string, DashboardAsset> All = Load();

    public static IReadOnlyCollection<string> Paths => All.Keys;

    /// <summary>The asset at a URL path ("/" is index.html); null when there is none.</summary>
    public static DashboardAsset? Find(string urlPath)
    {
        string path = urlPath.TrimStart('/');
        return All.GetValueOrDefault(path.Length == 0 ? "index.html" : path);
    }

    static Dictionary<string, DashboardAsset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            string path = name[Prefix.Length..].Replace('\\', '/');
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            assets[path] = new DashboardAsset(path, bytes, ContentType(path), $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");
        }
        return assets;
    }

    static string ContentType(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
