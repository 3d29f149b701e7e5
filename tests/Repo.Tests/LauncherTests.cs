using ViST.Tests;

namespace ViST.Repo.Tests;

/// <summary>
/// ./vist (and ./vist-train, the same tools/launch.sh) in a copy of the repository's launcher files with a
/// stand-in dotnet: it builds the program once, again only when a source changed (edited, added or removed), runs
/// it with the user's arguments in the user's folder, keeps stdout for the program, and turns a missing SDK or a
/// failed build into one error line.
/// </summary>
public class LauncherTests
{
    /// <summary>A repository with the real launcher files, a one-file Simulator project and a stand-in dotnet whose
    /// build writes a "vist" that prints its arguments and folder.</summary>
    sealed class FakeRepo
    {
        public string Root { get; } = TestPaths.TempDir("vist-launcher");
        public ShellStubs Stubs { get; }
        public string Source => Path.Combine(Root, "src", "Simulator", "Program.cs");

        public FakeRepo(bool buildFails = false)
        {
            foreach (var f in new[] { "vist", "tools/launch.sh", "tools/debian-packages.sh" })
            {
                string to = Path.Combine(Root, f);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(Path.Combine(TestPaths.RepoRoot, f), to);
            }
            // a package every Debian has, so the launcher installs nothing
            File.WriteAllText(Path.Combine(Root, "tools", "debian-packages.txt"), "bash shell vist the shell the launcher runs in\n");
            foreach (var d in new[] { "shaders", "scenes", "models" }) Directory.CreateDirectory(Path.Combine(Root, d));
            foreach (var f in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "nuget.config" })
                File.WriteAllText(Path.Combine(Root, f), "<Project />");
            Directory.CreateDirectory(Path.GetDirectoryName(Source)!);
            File.WriteAllText(Source, "// the program");
            string build = buildFails
                ? "echo 'Program.cs(1,1): error CS1002: ; expected'; exit 1"
                : """
                  out="$(dirname "$4")/bin/Release/net10.0"; mkdir -p "$out"
                  printf '#!/bin/sh\necho "ran: $*"\npwd\n' > "$out/vist"; chmod +x "$out/vist"
                  """;
            Stubs = new ShellStubs(Path.Combine(Root, "stub-bin"), "bash", "dirname", "readlink", "find", "sort", "head", "cat", "mkdir", "mv",
                    "flock", "grep", "awk", "cut", "paste", "tail", "env", "chmod", "id", "dpkg-query", "sh")
                .Add("dotnet", $"""
                    case "$1" in
                      --list-sdks) echo '10.0.401 [/usr/share/dotnet/sdk]' ;;
                      build) {build} ;;
                    esac
                    """);
        }

        /// <summary>Runs ./vist ARGS from another folder, with only the stand-ins on PATH.</summary>
        public ProgramOutput Vist(params string[] args) =>
            ProgramProcess.Run(Path.Combine(Root, "vist"), args, TestPaths.TempDir("vist-user"),
                new Dictionary<string, string?> { ["PATH"] = Stubs.Dir, ["HOME"] = Root });

        public int Builds => Stubs.Calls.Count(c => c.StartsWith("dotnet build", StringComparison.Ordinal));
    }

    [Fact]
    public void It_builds_once_runs_the_program_with_the_users_arguments_and_rebuilds_only_after_a_change()
    {
        var repo = new FakeRepo();
        var first = repo.Vist("run", "--scene", "my scene.json");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(1, repo.Builds);
        Assert.Contains("building it", first.Stderr);
        var lines = first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ran: run --scene my scene.json", lines[0]);
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "vist-user-"), lines[1]);   // the user's folder, not the repository

        var again = repo.Vist("--help");
        Assert.Equal((0, "ran: --help", ""), (again.ExitCode, again.Stdout.Split('\n')[0], again.Stderr));   // no build, not a word
        Assert.Equal(1, repo.Builds);

        File.SetLastWriteTimeUtc(repo.Source, DateTime.UtcNow);                         // edited
        Assert.Equal(0, repo.Vist().ExitCode);
        Assert.Equal(2, repo.Builds);

        File.WriteAllText(Path.Combine(repo.Root, "shaders", "new.glsl"), "");            // added
        File.SetLastWriteTimeUtc(Path.Combine(repo.Root, "shaders", "new.glsl"), DateTime.UtcNow.AddDays(-1));
        Assert.Equal(0, repo.Vist().ExitCode);
        Assert.Equal(3, repo.Builds);

        File.Delete(Path.Combine(repo.Root, "shaders", "new.glsl"));                      // removed
        Assert.Equal(0, repo.Vist().ExitCode);
        Assert.Equal(4, repo.Builds);
        Assert.Equal(0, repo.Vist().ExitCode);
        Assert.Equal(4, repo.Builds);
    }

    [Fact]
    public void A_failed_build_is_its_compiler_errors_and_one_error_line()
    {
        var output = new FakeRepo(buildFails: true).Vist("run");
        Assert.Equal(2, output.ExitCode);
        Assert.Contains("Program.cs(1,1): error CS1002: ; expected", output.Stderr);
        Assert.Contains("error: vist: the build failed", output.Stderr);
        Assert.Equal("", output.Stdout);
    }

    [Fact]
    public void Without_the_dotnet_sdk_it_says_how_to_get_it()
    {
        var repo = new FakeRepo();
        File.Delete(Path.Combine(repo.Stubs.Dir, "dotnet"));
        repo.Vist("run").AssertOneErrorLine("dotnet", "the .NET 10 SDK is not installed", "dotnet-install.sh");
    }
}
