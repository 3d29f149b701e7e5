using System.Diagnostics;
using ViST.Tests;

namespace ViST.Simulator.Tests.Processes;

/// <summary>
/// vist on a machine that lacks something: a required piece is one error line naming it and the Debian package
/// (exit code 2, no stack trace); an optional one (a window, live sound) is a warning on stderr and a line in the
/// run summary, and the run goes on. The pieces are taken away the way a fresh machine lacks them: ffmpeg off the
/// PATH, an EGL without a driver, a copy of the program without ONNX Runtime's library.
/// </summary>
public class MissingSoftwareTests
{
    static readonly string Grating = Path.Combine(TestPaths.RepoRoot, "scenes", "grating.json");

    [Fact]
    public void Without_ffmpeg_writing_pngs_is_one_error_line_naming_the_package()
    {
        string dir = TestPaths.TempDir();
        var output = ProgramProcess.Run("vist", ["render", "--scene", Grating, "--frames", "2", "--png", "frames"], dir,
            new Dictionary<string, string?> { ["PATH"] = dir });
        output.AssertOneErrorLine("ffmpeg", "not found on PATH", "sudo apt-get install ffmpeg");
    }

    [Fact]
    public void Without_an_EGL_driver_rendering_is_one_error_line_naming_the_packages()
    {
        // glvnd's libEGL finds its drivers through vendor files; pointing it at none is an EGL with no driver
        var output = ProgramProcess.Run("vist", ["render", "--scene", Grating, "--frames", "2", "--out", "x.npy"], null,
            new Dictionary<string, string?> { ["__EGL_VENDOR_LIBRARY_FILENAMES"] = "/nonexistent/egl_vendor.json" });
        output.AssertOneErrorLine("EGL", "no usable OpenGL driver", "libegl-mesa0 libgl1-mesa-dri");
    }

    [Fact]
    public void Without_onnx_runtimes_library_a_vist_model_is_one_error_line()
    {
        // a copy of the program (hard links: no space, no time) without libonnxruntime.so
        string copy = Path.Combine(TestPaths.TempDir(), "vist");
        using (var cp = Process.Start("cp", ["-al", AppContext.BaseDirectory.TrimEnd('/'), copy])) cp.WaitForExit();
        File.Delete(Path.Combine(copy, "runtimes", "linux-x64", "native", "libonnxruntime.so"));
        var output = ProgramProcess.Run(Path.Combine(copy, "vist"), ["run", "--scene", Grating, "--headless", "--seconds", "1"]);
        output.AssertOneErrorLine("libonnxruntime.so", "cannot be loaded", "rebuild");
    }

    [Fact]
    public void A_window_that_cannot_open_where_a_display_is_set_is_a_warning_and_in_the_summary()
    {
        var output = ProgramProcess.Run("vist", ["run", "--scene", Grating, "--model", "ln", "--seconds", "1"], null,
            new Dictionary<string, string?> { ["DISPLAY"] = ":9999", ["WAYLAND_DISPLAY"] = null });
        Assert.True(output.ExitCode == 0, output.ToString());
        Assert.Contains("warning: window: ", output.Stderr);
        Assert.Matches(@"window\s.*none \(", output.Stdout);
        Assert.Contains("\"frames\":30", output.Stdout);     // the run went on: a second at 30 Hz
    }

    [Fact]
    public void Live_sound_without_a_sound_device_is_a_warning_and_the_run_goes_on()
    {
        // OpenAL Soft's "null" backend list is empty here: no driver may open a device, as on a machine with no sound card
        var output = ProgramProcess.Run("vist", ["run", "--scene", Grating, "--model", "ln", "--seconds", "1", "--audio", "live"], null,
            new Dictionary<string, string?> { ["DISPLAY"] = null, ["WAYLAND_DISPLAY"] = null, ["ALSOFT_DRIVERS"] = "-alsa,-oss,-pulse,-pipewire,-jack,-sndio,-null,-wave,-portaudio" });
        Assert.True(output.ExitCode == 0, output.ToString());
        Assert.Contains("warning: live sound: ", output.Stderr);
        Assert.Matches(@"audio\s.*none \(", output.Stdout);
    }
}
