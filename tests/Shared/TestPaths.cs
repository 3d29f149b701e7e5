namespace ViST.Tests;

/// <summary>Locates the repository root (the folder with Vi-ST.sln) and the shared data: ../shared beside it, or the
/// folder VIST_SHARED names (.ci/run checks it is there before the tests start).</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();
    public static string Shared => Path.GetFullPath(Environment.GetEnvironmentVariable("VIST_SHARED") is { Length: > 0 } dir
        ? dir : Path.Combine(RepoRoot, "..", "shared"));
    public static string Golden(string file) => Path.Combine(Shared, "golden", file);
    public static string Dryad(string file) => Path.Combine(Shared, "data", "dryad", file);

    /// <summary>A fresh empty temporary folder for one test.</summary>
    public static string TempDir(string prefix = "vist-test")
    {
        string d = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(d);
        return d;
    }

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Vi-ST.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find Vi-ST.sln above " + AppContext.BaseDirectory);
    }
}
