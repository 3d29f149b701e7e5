using System.Diagnostics;
using System.Runtime.InteropServices;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Tests;

/// <summary>The on-screen path under a private Xvfb server. Skipped, with the reason, where Xvfb is not
/// installed or cannot start.</summary>
public sealed partial class WindowTests
{
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [SkippableFact]
    public void WindowShowsTheSamePixelsAsHeadlessScaled()
    {
        string? xvfb = new[] { "/usr/bin/Xvfb", "/usr/local/bin/Xvfb" }.FirstOrDefault(File.Exists);
        Skip.If(xvfb is null, "Xvfb is not installed (Debian: apt install xvfb libglfw3); the window path was not tested");
        // -displayfd 1: Xvfb picks a free display number itself and prints it on stdout once it accepts clients.
        using var server = Process.Start(new ProcessStartInfo(xvfb!, ["-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        try
        {
            var line = server.StandardOutput.ReadLineAsync();
            bool ready = line.Wait(TimeSpan.FromSeconds(15)) && int.TryParse(line.Result, out _);
            Skip.If(!ready, $"Xvfb did not start: {(server.HasExited ? server.StandardError.ReadToEnd() : "no display number after 15 s")}");
            int display = int.Parse(line.Result!);
            // GLFW reads DISPLAY from the C environment, which Environment.SetEnvironmentVariable does not change.
            Assert.Equal(0, setenv("DISPLAY", $":{display}", 1));

            var scene = new Scene(1, 0.5,
                Layer.Create("grating", ("cycles_per_px", 0.04), ("orientation_deg", 20.0), ("temporal_hz", 1.0)),
                Layer.Create("spot", ("radius_px", 40.0), ("contrast", -1.0), ("center_px", new[] { 60.0, 300.0 })));
            var headless = new byte[FrameSpec.Pixels];
            using (var renderer = new HeadlessRenderer()) renderer.Render(scene, 7, headless);

            using var window = new SceneWindow("vist test", 720, 720, vsync: false);
            var live = new byte[FrameSpec.Pixels];
            window.Render(scene, 7, live);
            Assert.Equal(headless, live); // same pixels live or headless

            var screen = window.Capture(out int w, out int h);
            Assert.Equal((720, 720), (w, h));
            for (int y = 0; y < 360; y += 3)
                for (int x = 0; x < 360; x += 3)
                    Assert.Equal(headless[y * 360 + x], screen[(2 * y + 1) * 720 + 2 * x + 1]); // each frame pixel is a 2x2 block

            // a side panel (RGBA) goes right of the frame at the frame's height; both shrink to fit the window
            var panel = new byte[180 * 360 * 4];
            for (int i = 0; i < panel.Length; i += 4) (panel[i], panel[i + 3]) = (255, 255);   // opaque red
            window.ShowPanel(panel, 180, 360);
            var both = window.CaptureRgba(out w, out h);
            (byte, byte, byte) At(int x, int y) => (both[(y * w + x) * 4], both[(y * w + x) * 4 + 1], both[(y * w + x) * 4 + 2]);
            Assert.Equal(((byte)255, (byte)0, (byte)0), At(600, 360));          // 480-px frame square, then the 240-px panel
            var frameMiddle = At(240, 360);
            Assert.Equal(frameMiddle.Item1, frameMiddle.Item2);                  // the frame stays gray
            Assert.Equal(((byte)0, (byte)0, (byte)0), At(240, 60));             // letterbox above the frame
            window.Present();
            window.PollEvents();
            Assert.False(window.ShouldClose);
        }
        finally
        {
            server.Kill();
            server.WaitForExit();
        }
    }
}
