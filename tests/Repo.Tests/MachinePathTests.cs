using System.Text.RegularExpressions;
using ViST.Tests;

namespace ViST.Repo.Tests;

/// <summary>Provenance and documentation never record a machine's absolute paths: bundle manifests, scenes,
/// docs, configs and build files name things relative to the repository or by name.</summary>
public class MachinePathTests
{
    static readonly Regex MachinePath = new(@"(^|[\s""'=(:])/(work|tmp|root|home|opt|usr/share/dotnet)/[A-Za-z]", RegexOptions.Multiline);
    static readonly string[] Checked = [".json", ".md", ".config", ".props", ".targets", ".csproj"];

    [Fact]
    public void NoCommittedTextFileNamesAMachinePath()
    {
        string root = TestPaths.RepoRoot;
        var offenders = RepoFiles.All(root)
            .Where(f => Checked.Contains(Path.GetExtension(f)))
            .Where(f => MachinePath.IsMatch(File.ReadAllText(f)))
            .Select(f => RepoFiles.Relative(root, f)).ToList();
        Assert.True(offenders.Count == 0, "machine paths in: " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData("\"dataset\": \"/work/data/ln\"", true)]
    [InlineData("scene /home/me/s.json", true)]
    [InlineData("\"dataset\": \"ln-default\"", false)]
    [InlineData("see docs/experiments/x.md and ../shared/DESIGN.md", false)]
    public void ThePatternFindsAbsolutePathsOnly(string text, bool found) => Assert.Equal(found, MachinePath.IsMatch(text));
}
