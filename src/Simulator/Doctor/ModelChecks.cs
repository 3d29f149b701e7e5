using ViST.RetinaModel;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Bundles;

namespace ViST.Simulator.Doctor;

/// <summary>The embedded default model and the folder where the backbone's cut graphs are cached.</summary>
public static class ModelChecks
{
    /// <summary>Loads the default bundle, which checks every file against the sha256 in its manifest.</summary>
    public static DoctorCheck DefaultModel() => DoctorCheck.Run("default_model", () =>
    {
        var bundle = ModelBundle.Load(RetinaFactory.DefaultBundlePath);
        string hash = ModelIdentity.Of(null).Hash;
        return DoctorCheck.Ok("default_model",
            $"{bundle.Manifest.Name}: {bundle.Cells.Count} cells, backbone {bundle.Manifest.Backbone.Preset}; every file matches its sha256 ({hash[..19]}...)",
            ("path", RetinaFactory.DefaultBundlePath), ("hash", hash), ("cells", bundle.Cells.Count));
    }, CheckStatus.Missing, "rebuild the program (./vist does): models/default.vist comes from the repository");

    /// <summary>Where the ResNet18 cuts are kept; a folder nobody can write means cutting again at every start.</summary>
    public static DoctorCheck Cache() => DoctorCheck.Run("model_cache", () =>
    {
        var folders = ResNet18Model.CacheFolders;
        var cached = folders.SelectMany(f => ResNet18Stage.All.Select(s => new FileInfo(Path.Combine(f, s.CacheName)))).Where(f => f.Exists).ToList();
        string? writable = folders.FirstOrDefault(Writable);
        string what = cached.Count > 0
            ? "cached: " + string.Join(", ", cached.Select(f => $"{f.FullName} ({f.Length / 1e6:F1} MB)"))
            : "nothing cached yet: the first run cuts the backbone out of ResNet18 (a second or two) and keeps it";
        if (writable is null && cached.Count == 0)
            return new DoctorCheck("model_cache", CheckStatus.Unavailable, $"no writable cache folder ({string.Join(", ", folders)}): every start cuts the backbone again",
                "make one of those folders writable, or set XDG_CACHE_HOME") { Values = new Dictionary<string, object?> { ["folder"] = null } };
        return DoctorCheck.Ok("model_cache", $"{writable ?? "(read-only)"}; {what}", ("folder", writable), ("cached", cached.Select(f => f.FullName).ToArray()));
    }, CheckStatus.Unavailable, "make the program's models/ folder or ~/.cache/vist writable");

    static bool Writable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".vist-doctor-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
