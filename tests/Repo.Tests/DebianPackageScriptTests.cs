using ViST.Tests;

namespace ViST.Repo.Tests;

/// <summary>
/// tools/debian-packages.sh, which ./vist, ./vist-train and .ci/run share: it installs only what is missing, only
/// what the program needs, says what and why before asking, uses sudo when not root (non-interactively without a
/// terminal, as in a batch job), and says how to install where it cannot. apt-get, sudo, id and dpkg-query are
/// stand-ins: nothing is installed.
/// </summary>
public class DebianPackageScriptTests
{
    static readonly string Script = Path.Combine(TestPaths.RepoRoot, "tools", "debian-packages.sh");

    const string List = """
        # a test list
        libegl1        headless-gl  vist,vist-train  OpenGL without a display
        libglfw3       window       vist             the live window
        ffmpeg         ffmpeg       vist,vist-train  movies in and out
        xvfb           test-display tests            a virtual display for the window tests
        """;

    /// <summary>Runs ensure_debian_packages WHO with stand-ins: <paramref name="uid"/> is who runs it, libegl1 is
    /// the one package installed.</summary>
    static (ProgramOutput Output, string[] Calls) Ensure(string who, int uid, bool withSudo = true)
    {
        string dir = TestPaths.TempDir("vist-repo");
        File.WriteAllText(Path.Combine(dir, "list.txt"), List);
        var stubs = new ShellStubs(Path.Combine(dir, "bin"), "awk", "grep", "cut", "paste", "env", "cat", "dirname")
            .Add("id", $"echo {uid}")
            .Add("dpkg-query", "echo 'libegl1 install ok installed'")
            .Add("apt-get");
        if (withSudo) stubs.Add("sudo", "[ \"$1\" = -n ] && shift; exec \"$@\"");
        var output = ProgramProcess.Run("/bin/bash", ["-c", $"source '{Script}'; vist_packages_file=list.txt; ensure_debian_packages {who} ./{who}"], dir,
            new Dictionary<string, string?> { ["PATH"] = stubs.Dir });
        return (output, stubs.Calls);
    }

    [Fact]
    public void As_a_user_it_names_what_is_missing_and_why_then_installs_that_with_sudo_without_waiting_for_a_password()
    {
        var (output, calls) = Ensure("vist", uid: 1000);
        Assert.True(output.ExitCode == 0, output.ToString());
        Assert.Equal("", output.Stdout);                                           // stdout belongs to the program
        string said = output.Stderr;
        Assert.Contains("./vist needs these Debian packages, which are not installed:", said);
        Assert.Contains("libglfw3", said);
        Assert.Contains("the live window", said);                                  // why
        Assert.Contains("movies in and out", said);
        Assert.DoesNotContain("libegl1", said);                                    // installed already
        Assert.DoesNotContain("xvfb", said);                                       // not vist's
        Assert.True(said.IndexOf("movies in and out", StringComparison.Ordinal) < said.IndexOf("sudo apt-get install libglfw3 ffmpeg", StringComparison.Ordinal));
        // no terminal here: sudo -n fails at once where a password would be needed, instead of hanging a batch job
        Assert.Contains(calls, c => c.StartsWith("sudo -n env DEBIAN_FRONTEND=noninteractive apt-get", StringComparison.Ordinal) && c.EndsWith("install -y -qq --no-install-recommends libglfw3 ffmpeg"));
        Assert.Contains(calls, c => c.StartsWith("apt-get ", StringComparison.Ordinal) && c.EndsWith("install -y -qq --no-install-recommends libglfw3 ffmpeg"));
    }

    [Fact]
    public void As_root_it_installs_without_sudo_and_for_the_tests_everything_missing()
    {
        var (output, calls) = Ensure("all", uid: 0);
        Assert.True(output.ExitCode == 0, output.ToString());
        Assert.DoesNotContain(calls, c => c.StartsWith("sudo", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.StartsWith("apt-get ", StringComparison.Ordinal) && c.EndsWith("--no-install-recommends libglfw3 ffmpeg xvfb"));
    }

    [Fact]
    public void Without_root_or_sudo_it_says_how_to_install_and_fails()
    {
        var (output, calls) = Ensure("vist-train", uid: 1000, withSudo: false);
        Assert.Equal(1, output.ExitCode);
        Assert.Contains("as root: apt-get install ffmpeg", output.Stderr);
        Assert.DoesNotContain(calls, c => c.StartsWith("apt-get", StringComparison.Ordinal));
    }

    [Fact]
    public void With_everything_installed_it_says_nothing()
    {
        string dir = TestPaths.TempDir("vist-repo");
        File.WriteAllText(Path.Combine(dir, "list.txt"), "libegl1 headless-gl vist OpenGL without a display\n");
        var stubs = new ShellStubs(Path.Combine(dir, "bin"), "awk", "grep", "cut", "paste", "env", "cat", "dirname")
            .Add("id", "echo 1000").Add("dpkg-query", "echo 'libegl1 install ok installed'").Add("apt-get").Add("sudo");
        var output = ProgramProcess.Run("/bin/bash", ["-c", $"source '{Script}'; vist_packages_file=list.txt; ensure_debian_packages vist"], dir,
            new Dictionary<string, string?> { ["PATH"] = stubs.Dir });
        Assert.Equal((0, "", ""), (output.ExitCode, output.Stdout, output.Stderr));
        Assert.Equal(["dpkg-query -W -f=${Package} ${Status}\\n libegl1"], stubs.Calls);
    }

    [Fact]
    public void The_launchers_and_ci_install_from_the_one_list()
    {
        var packages = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "tools", "debian-packages.txt"))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).ToList();
        Assert.Contains("libegl1", packages);
        foreach (var file in new[] { ".ci/run", "tools/launch.sh", "README.md" })
        {
            string text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, file));
            Assert.DoesNotMatch(@"apt(-get)? install [^\n`]*\b(" + string.Join('|', packages.Select(System.Text.RegularExpressions.Regex.Escape)) + @")\b", text);
        }
        Assert.Contains("ensure_debian_packages all", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, ".ci", "run")));
        Assert.Contains("ensure_debian_packages \"$program\"", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tools", "launch.sh")));
    }
}
