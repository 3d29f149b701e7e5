using ViST.Renderer.Scenes;
using static ViST.Renderer.Tests.FrameMath;

namespace ViST.Renderer.Tests;

public sealed class ShapeTests(RendererFixture gl) : IClassFixture<RendererFixture>
{
    [Fact]
    public void BarIsWhereItsSpeedPutsItAtFrameK()
    {
        // Rightward, 150 px/s = 5 px per frame, starting 100 px left of the centre: at frame 12 (0.4 s) its centre is at x = 180 - 100 + 60 = 140.
        var s = new Scene(1, 0.5, Layer.Create("bar", ("width_px", 10.0), ("speed_px_s", 150.0), ("offset_px", -100.0), ("contrast", 1.0)));
        var f = gl.Frame(s, 12);
        var lit = Enumerable.Range(0, 360).Where(x => At(f, x, 180) == 255).ToArray();
        Assert.Equal(Enumerable.Range(135, 10), lit); // pixel centres 135.5 .. 144.5 lie within 140 +- 5
        Assert.Equal(255, At(f, 140, 0)); // the bar spans the whole height (length 600)

        // Downward (direction 270 = down on screen), dark bar (negative contrast = OFF polarity).
        var down = new Scene(1, 0.5, Layer.Create("bar", ("width_px", 6.0), ("direction_deg", 270.0), ("speed_px_s", 90.0),
            ("offset_px", -30.0), ("contrast", -1.0), ("length_px", 40.0)));
        var g = gl.Frame(down, 10); // centre y = 180 + (-30 + 30) = 180
        var dark = Enumerable.Range(0, 360).Where(y => At(g, 180, y) == 0).ToArray();
        Assert.Equal(Enumerable.Range(177, 6), dark);
        Assert.Equal(0, At(g, 180 + 19, 180));
        Assert.Equal(128, At(g, 180 + 21, 180)); // length 40 across the motion: x in [160, 200]
    }

    [Fact]
    public void SpotHasItsRadius()
    {
        var s = new Scene(1, 0.5, Layer.Create("spot", ("center_px", new[] { 120.0, 200.0 }), ("radius_px", 37.0), ("contrast", 0.5)));
        var f = gl.Frame(s, 0);
        int area = f.Count(b => b == 191); // 0.5 * 1.5 * 255 = 191.25
        Assert.InRange(Math.Sqrt(area / Math.PI), 36.5, 37.5);
        var row = Enumerable.Range(0, 360).Where(x => At(f, x, 200) == 191).ToArray();
        Assert.Equal(120 - 37, row.First());
        Assert.Equal(120 + 36, row.Last()); // pixel 156 has its centre at 156.5 = 36.5 from 120
    }

    [Fact]
    public void LayersCompositeBottomToTopWithinTheirTimeWindow()
    {
        var s = new Scene(1, 0.5,
            Layer.Create("flash", ("steps", new[] { new[] { 10.0, 0.2 } })),
            Layer.Create("spot", null, 1.0, 2.0, [("radius_px", 20.0), ("contrast", 1.0)], null, null));
        Assert.Equal(51, At(gl.Frame(s, 0), 180, 180));   // spot not yet on: the flash below shows
        Assert.Equal(255, At(gl.Frame(s, 30), 180, 180)); // t = 1 s: spot on top
        Assert.Equal(51, At(gl.Frame(s, 30), 10, 10));
        Assert.Equal(51, At(gl.Frame(s, 60), 180, 180));  // t = 2 s: end_s is exclusive
    }
}
