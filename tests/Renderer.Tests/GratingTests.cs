using ViST.Renderer.Scenes;
using static ViST.Renderer.Tests.FrameMath;

namespace ViST.Renderer.Tests;

public sealed class GratingTests(RendererFixture gl) : IClassFixture<RendererFixture>
{
    static Scene Grating(params (string, object?)[] ps) => new(1, 0.5, Layer.Create("grating", ps));

    [Fact]
    public void SpatialFrequencyAndOrientationAreAtTheFftPeak()
    {
        // 20 cycles per frame along a 3-4-5 direction: wave vector (16, 12) cycles per 360 px, pointing up-right on
        // screen (counter-clockwise from rightward), i.e. ky = -12 with y counting down.
        double theta = Math.Atan2(3, 4) * 180 / Math.PI;
        var f = gl.Frame(Grating(("cycles_per_px", 20.0 / 360), ("orientation_deg", theta)), 0);
        Assert.Equal((16, -12), SpectralPeak(f));

        var vertical = gl.Frame(Grating(("cycles_per_px", 9.0 / 360), ("orientation_deg", 90.0)), 0);
        Assert.Equal((0, 9), SpectralPeak(vertical)); // folded spectrum: (0, -9) is reported as (0, 9)
    }

    [Fact]
    public void MeanAndMichelsonContrastMatchTheParameters()
    {
        var f = gl.Frame(Grating(("cycles_per_px", 10.0 / 360), ("contrast", 0.6)), 0);
        Assert.InRange(Mean(f), 127.5 - 0.6, 127.5 + 0.6);
        Assert.InRange(Michelson(f), 0.6 - 0.01, 0.6 + 0.01);

        var dim = new Scene(1, 0.2, Layer.Create("grating", ("cycles_per_px", 10.0 / 360), ("contrast", 1.0), ("waveform", "square")));
        var g = gl.Frame(dim, 0);
        Assert.Equal(0, g.Min());
        Assert.Equal(102, g.Max()); // 2 * 0.2 * 255 rounded
        Assert.InRange(Mean(g), 51 - 1, 51 + 1);
    }

    [Fact]
    public void DriftAdvancesThePhaseByTemporalFrequencyPerFrameTowardsTheOrientation()
    {
        // orientation 0 (wave vector rightward), 2 Hz: the pattern moves right by 2/30 cycle per frame.
        double f = 12.0 / 360;
        var frames = gl.Frames(Grating(("cycles_per_px", f), ("temporal_hz", 2.0)), 0, 4);
        for (int k = 1; k < frames.Length; k++)
        {
            double step = WrapAngle(Phase(frames[k], f, 0) - Phase(frames[k - 1], f, 0));
            // L = sin(w x - phi(t)): the Fourier phase falls by 2 pi tf / 30 per frame as the wave moves right.
            Assert.InRange(step, -2 * Math.PI * 2 / 30 - 0.01, -2 * Math.PI * 2 / 30 + 0.01);
        }
        // The same statement in pixels: 2 Hz / (1/30 cycle/px) = 60 px/s = 2 px per frame, so 6 px after 3 frames.
        double speedPxPerFrame = 2 / f / 30;
        var later = gl.Frame(Grating(("cycles_per_px", f), ("temporal_hz", 2.0)), 3);
        int shift = (int)Math.Round(3 * speedPxPerFrame);
        for (int x = 0; x < 300; x += 7)
            Assert.InRange(At(later, x + shift, 100) - At(frames[0], x, 100), -1, 1);
    }

    [Fact]
    public void ReversingModulatesContrastWithoutMoving()
    {
        var s = Grating(("cycles_per_px", 10.0 / 360), ("temporal_hz", 1.0), ("reversing", true), ("phase_deg", 90.0));
        var quarter = gl.Frame(s, 7);  // t = 0.2333 s; sin(2 pi t) = 0.994
        var threeQuarter = gl.Frame(s, 23); // t = 0.7667 s; sin = -0.994
        Assert.InRange(Michelson(quarter), 0.98, 1.0);
        for (int x = 0; x < 360; x += 13)
            Assert.InRange(At(quarter, x, 50) + At(threeQuarter, x, 50), 254, 256); // mirror images around 127.5
        Assert.InRange(Michelson(gl.Frame(s, 0)), 0, 0.01); // sin(0) = 0: a blank frame at the start
    }

    [Fact]
    public void ApertureLimitsTheGratingToADisk()
    {
        var s = new Scene(1, 0.5, Layer.Create("grating", ("cycles_per_px", 0.05), ("aperture_px", 60.0), ("center_px", new[] { 100.0, 200.0 })));
        var f = gl.Frame(s, 0);
        Assert.Equal(128, At(f, 100 + 70, 200)); // background (0.5 * 255 = 127.5 -> 128) outside the aperture
        Assert.Equal(128, At(f, 10, 10));
        int inside = 0;
        for (int y = 0; y < 360; y++) for (int x = 0; x < 360; x++) if (At(f, x, y) != 128) inside++;
        Assert.InRange(inside, Math.PI * 60 * 60 * 0.9, Math.PI * 60 * 60 * 1.02);
    }
}
