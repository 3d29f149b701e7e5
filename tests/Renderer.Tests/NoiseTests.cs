using ViST.Renderer.Scenes;
using ViST.Renderer.Stimuli;
using static ViST.Renderer.Tests.FrameMath;

namespace ViST.Renderer.Tests;

public sealed class NoiseTests(RendererFixture gl) : IClassFixture<RendererFixture>
{
    static Scene Noise(params (string, object?)[] ps) => new(7, 0.5, Layer.Create("noise", ps));

    [Fact]
    public void SameSeedSameFramesAnyOrder_OtherSeedOtherFrames()
    {
        var s = Noise(("check_px", 12L));
        var forward = gl.Frames(s, 0, 5);
        using var other = new HeadlessRenderer();
        var f3 = new byte[FrameSpec.Pixels];
        other.Render(s, 3, f3);                    // frame 3 alone, on another context: same pixels
        Assert.Equal(forward[3], f3);
        Assert.NotEqual(forward[3], forward[4]);
        Assert.NotEqual(forward[3], gl.Frame(s.WithSeed(8), 3));
        Assert.NotEqual(forward[3], gl.Frame(Noise(("check_px", 12L), ("seed", 99L)), 3));
    }

    [Fact]
    public void BinaryChecksFollowTheSeedHash()
    {
        var f = gl.Frame(Noise(("check_px", 20L), ("contrast", 0.5)), 4);
        for (uint cy = 0; cy < 18; cy++)
            for (uint cx = 0; cx < 18; cx++)
            {
                bool bright = (SeedHash.Cell(7, 4, cx, cy, 0) & 1) == 1;
                byte expected = bright ? (byte)191 : (byte)64; // 0.5 * (1 +- 0.5) * 255
                for (int y = 0; y < 20; y += 19) for (int x = 0; x < 20; x += 19)
                    Assert.Equal(expected, At(f, (int)cx * 20 + x, (int)cy * 20 + y));
            }
    }

    [Fact]
    public void RefreshFramesHoldsEachPattern()
    {
        var frames = gl.Frames(Noise(("refresh_frames", 3L)), 0, 7);
        Assert.Equal(frames[0], frames[2]);
        Assert.NotEqual(frames[2], frames[3]);
        Assert.Equal(frames[3], frames[5]);
    }

    [Fact]
    public void StatisticsMatchTheDistribution()
    {
        // Binary, 2 px checks: 32400 checks; half bright.
        var b = gl.Frame(Noise(("check_px", 2L), ("contrast", 1.0)), 0);
        Assert.Equal(new byte[] { 0, 255 }, b.Distinct().Order().ToArray());
        Assert.InRange(b.Count(v => v == 255) / (double)b.Length, 0.49, 0.51);

        // Gaussian, 1 px checks, RMS contrast 0.2 around 0.5: mean 127.5, sd 25.5 (few values clipped).
        var g = gl.Frame(Noise(("check_px", 1L), ("contrast", 0.2), ("distribution", "gaussian")), 0);
        double mean = Mean(g), sd = Math.Sqrt(g.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, 127.5 - 0.5, 127.5 + 0.5);
        Assert.InRange(sd, 25.5 * 0.98, 25.5 * 1.02);
        double skew = g.Average(v => Math.Pow((v - mean) / sd, 3)), kurt = g.Average(v => Math.Pow((v - mean) / sd, 4));
        Assert.InRange(skew, -0.05, 0.05);
        Assert.InRange(kurt, 2.85, 3.15);
        // Neighbouring pixels are independent at check_px 1.
        double cov = 0;
        for (int i = 0; i + 1 < g.Length; i++) cov += (g[i] - mean) * (g[i + 1] - mean);
        Assert.InRange(cov / (g.Length - 1) / (sd * sd), -0.02, 0.02);
    }
}
