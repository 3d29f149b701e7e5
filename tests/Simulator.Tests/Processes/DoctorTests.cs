using System.Text.Json;
using ViST.RetinaModel;
using ViST.RetinaModel.Runtime;
using ViST.Tests;

namespace ViST.Simulator.Tests.Processes;

/// <summary>`vist doctor` as users run it: one table and one JSON line of what this machine can do; exit code 1,
/// with the fix, when something `vist run` needs is missing, and only then.</summary>
public class DoctorTests
{
    static readonly string[] AllChecks = ["opengl", "onnxruntime", "default_model", "model_cache", "window", "audio", "ffmpeg", "cuda", "libtorch"];

    static (ProgramOutput Output, JsonElement Checks, bool Ok) Doctor(Dictionary<string, string?> environment)
    {
        environment.TryAdd("DISPLAY", null);
        environment.TryAdd("WAYLAND_DISPLAY", null);
        environment.TryAdd("VIST_LIBTORCH", null);
        var output = ProgramProcess.Run("vist", ["doctor"], null, environment);
        var json = JsonDocument.Parse(output.Stdout.Trim().Split('\n')[^1]).RootElement;
        foreach (var name in AllChecks) Assert.Contains(name, output.Stdout[..output.Stdout.LastIndexOf('{')]);   // a table row each
        return (output, json.GetProperty("checks"), json.GetProperty("ok").GetBoolean());
    }

    static string Status(JsonElement checks, string name) => checks.GetProperty(name).GetProperty("status").GetString()!;

    [Fact]
    public void On_a_machine_with_the_packages_it_reports_what_it_found_and_exits_0()
    {
        // a libtorch folder as PyTorch installs it: torch/lib beside torch/version.py (doctor only looks at the files)
        string torch = Path.Combine(TestPaths.TempDir(), "torch"), lib = Path.Combine(torch, "lib");
        Directory.CreateDirectory(lib);
        foreach (var f in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so", "libc10_cuda.so", "libtorch_cuda.so" }) File.WriteAllBytes(Path.Combine(lib, f), []);
        File.WriteAllText(Path.Combine(torch, "version.py"), "__version__ = '2.11.0+cu130'\ngit_version = 'abc'\n");

        var (output, checks, ok) = Doctor(new() { ["VIST_LIBTORCH"] = lib });
        Assert.True(output.ExitCode == 0 && ok, output.ToString());
        Assert.Equal("", output.Stderr);                                            // nothing to fix, no native noise

        Assert.Equal("ok", Status(checks, "opengl"));
        Assert.NotEmpty(checks.GetProperty("opengl").GetProperty("renderer").GetString()!);
        Assert.StartsWith("4.", checks.GetProperty("opengl").GetProperty("version").GetString());   // at least the 3.3 core a run asks for
        Assert.Equal(OrtSessions.Version, checks.GetProperty("onnxruntime").GetProperty("version").GetString());
        Assert.Contains("CPUExecutionProvider", checks.GetProperty("onnxruntime").GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(ModelIdentity.Of(null).Hash, checks.GetProperty("default_model").GetProperty("hash").GetString());
        Assert.Equal("ok", Status(checks, "ffmpeg"));
        Assert.Matches(@"^\d", checks.GetProperty("ffmpeg").GetProperty("version").GetString());

        Assert.Equal("unavailable", Status(checks, "window"));                      // no display in this environment
        Assert.Contains("DISPLAY", checks.GetProperty("window").GetProperty("detail").GetString());
        Assert.Equal("unavailable", Status(checks, "cuda"));                        // a CPU build
        var audio = checks.GetProperty("audio");
        Assert.Equal(Status(checks, "audio") == "ok" ? "openal" : "wav", audio.GetProperty("output").GetString());

        var torchCheck = checks.GetProperty("libtorch");
        Assert.Equal(("ok", "2.11.0+cu130", true, "VIST_LIBTORCH"), (Status(checks, "libtorch"), torchCheck.GetProperty("version").GetString(),
            torchCheck.GetProperty("cuda").GetBoolean(), torchCheck.GetProperty("source").GetString()));
    }

    [Fact]
    public void Without_an_OpenGL_driver_it_names_the_packages_and_exits_1_having_checked_the_rest()
    {
        var (output, checks, ok) = Doctor(new() { ["__EGL_VENDOR_LIBRARY_FILENAMES"] = "/nonexistent/egl_vendor.json" });
        Assert.True(output.ExitCode == 1 && !ok, output.ToString());
        Assert.Equal("missing", Status(checks, "opengl"));
        Assert.Contains("libegl-mesa0", checks.GetProperty("opengl").GetProperty("fix").GetString());
        Assert.StartsWith("error: opengl: vist run needs it: ", output.Stderr);
        Assert.Equal("ok", Status(checks, "default_model"));
        Assert.Equal("ok", Status(checks, "onnxruntime"));
    }

    [Fact]
    public void What_only_some_runs_use_is_reported_but_not_required()
    {
        // no vist-train beside this vist, VIST_LIBTORCH naming nothing: no training here, yet vist run can run
        var (output, checks, _) = Doctor(new() { ["VIST_LIBTORCH"] = Path.Combine(TestPaths.TempDir(), "nowhere") });
        Assert.Equal(0, output.ExitCode);
        Assert.Equal("unavailable", Status(checks, "libtorch"));
        Assert.Contains("no such folder", checks.GetProperty("libtorch").GetProperty("detail").GetString());

        (output, checks, _) = Doctor(new() { ["PATH"] = TestPaths.TempDir() });   // no ffmpeg on PATH
        Assert.Equal(0, output.ExitCode);
        Assert.Equal("unavailable", Status(checks, "ffmpeg"));
        Assert.Contains("sudo apt-get install ffmpeg", checks.GetProperty("ffmpeg").GetProperty("fix").GetString());
    }

    [Fact]
    public void Under_Xvfb_a_window_opens()
    {
        using var xvfb = new XvfbDisplay(setDisplay: false);
        var (output, checks, _) = Doctor(new() { ["DISPLAY"] = xvfb.Display });
        Assert.True(Status(checks, "window") == "ok", output.ToString());
        Assert.Equal(xvfb.Display, checks.GetProperty("window").GetProperty("display").GetString());
    }
}
