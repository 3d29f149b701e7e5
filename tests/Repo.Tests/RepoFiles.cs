namespace ViST.Repo.Tests;

/// <summary>The repository's own files: every file under the root but build outputs and git's folder.</summary>
static class RepoFiles
{
    static readonly string[] Skipped = ["bin", "obj", ".git", "TestResults", "node_modules"];

    public static IEnumerable<string> All(string root) =>
        Directory.EnumerateFiles(root).Concat(Directory.EnumerateDirectories(root)
            .Where(d => !Skipped.Contains(Path.GetFileName(d)))
            .SelectMany(All));

    /// <summary>A path relative to the root, for messages.</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, path);
}
