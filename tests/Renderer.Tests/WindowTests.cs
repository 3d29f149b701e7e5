using ViST.Renderer.Scenes;
using ViST.Tests;

namespace ViST.Renderer.Tests;

/// <summary>The on-screen path under a private Xvfb server (.ci/run installs Xvfb; without it this fails).</summary>
public sealed class WindowTests
{
    [Fact]
    public void WindowShowsTheSamePixelsAsHeadlessScaled()
    {
        using var xvfb = new XvfbDisplay("1024x768x24");
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
}
