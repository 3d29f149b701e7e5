using System.Xml.Linq;
using ViST.Tests;

namespace ViST.Repo.Tests;

/// <summary>Restore works on any machine: every NuGet.Config in the repository lists only https package sources
/// (a machine-local folder restores here and fails with NU1301 everywhere else) and no machine-local fallback or
/// global package folders.</summary>
public class PackageSourceTests
{
    /// <summary>What in a NuGet.Config ties restore to one machine.</summary>
    static IEnumerable<string> Problems(XElement config, string name)
    {
        foreach (var add in config.Elements("packageSources").Elements("add"))
        {
            string value = (string?)add.Attribute("value") ?? "";
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                yield return $"{name}: package source '{add.Attribute("key")?.Value}' is '{value}', not an https URL";
        }
        foreach (var add in config.Elements("fallbackPackageFolders").Elements("add"))
            yield return $"{name}: fallback package folder '{add.Attribute("value")?.Value}'";
        foreach (var add in config.Elements("config").Elements("add").Where(a => (string?)a.Attribute("key") is "globalPackagesFolder" or "repositoryPath"))
            yield return $"{name}: {add.Attribute("key")!.Value} '{add.Attribute("value")?.Value}'";
    }

    [Fact]
    public void Every_nuget_config_in_the_repository_names_only_https_sources()
    {
        var configs = RepoFiles.All(TestPaths.RepoRoot).Where(f => Path.GetFileName(f).Equals("nuget.config", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Contains(Path.Combine(TestPaths.RepoRoot, "nuget.config"), configs);
        Assert.Empty(configs.SelectMany(c => Problems(XDocument.Load(c).Root!, RepoFiles.Relative(TestPaths.RepoRoot, c))));
    }

    [Fact]
    public void The_repository_config_clears_the_sources_a_machine_would_add()
    {
        // without <clear/> the user's own ~/.nuget/NuGet/NuGet.Config sources join in, local folders included
        Assert.NotNull(XDocument.Load(Path.Combine(TestPaths.RepoRoot, "nuget.config")).Root?.Element("packageSources")?.Element("clear"));
    }

    [Fact]
    public void A_local_folder_an_http_source_and_a_fallback_folder_are_each_caught()
    {
        var config = XElement.Parse("""
            <configuration>
              <packageSources><clear /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                <add key="offline" value="/opt/offline-packages" /><add key="mirror" value="http://mirror.example/v3/index.json" /></packageSources>
              <fallbackPackageFolders><add key="sdk" value="/usr/share/dotnet/sdk/NuGetFallbackFolder" /></fallbackPackageFolders>
            </configuration>
            """);
        var problems = Problems(config, "nuget.config").ToList();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("'offline' is '/opt/offline-packages'"));
        Assert.Contains(problems, p => p.Contains("'mirror'"));
        Assert.Contains(problems, p => p.Contains("fallback package folder"));
    }
}
