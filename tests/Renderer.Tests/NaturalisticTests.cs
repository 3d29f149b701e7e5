using ViST.Renderer.Scenes;
using static ViST.Renderer.Tests.FrameMath;

namespace ViST.Renderer.Tests;

public sealed class NaturalisticTests(RendererFixture gl) : IClassFixture<RendererFixture>
{
    [Fact]
    public void ReproducibleFromTheSeedAndMovingOverTime()
    {
        var s = new Scene(3, 0.5, Layer.Create("naturalistic"));
        var frames = gl.Frames(s, 0, 20);
        Assert.Equal(frames[17], gl.Frame(s, 17));
        Assert.NotEqual(frames[0], frames[1]);                       // drift and jitter
        Assert.NotEqual(frames[0], gl.Frame(s.WithSeed(4), 0));
        // Many distinct luminances (occluding leaves), mean near the background.
        Assert.True(frames[0].Distinct().Count() > 50);
        Assert.InRange(Mean(frames[0]), 127.5 - 25, 127.5 + 25);
    }

    [Fact]
    public void SaccadesShiftTheWholeSceneBetweenFixations()
    {
        // No object drift and no jitter: frames within a fixation are identical, the next fixation is a shifted copy.
        var s = new Scene(3, 0.5, Layer.Create("naturalistic", ("drift_px_s", 0.0), ("jitter_px", 0.0),
            ("saccade_interval_s", 0.5), ("saccade_px", 20.0)));
        var f = gl.Frames(s, 0, 16);
        Assert.Equal(f[0], f[14]);
        Assert.NotEqual(f[14], f[15]);
        // Best integer shift between the two fixations explains the change almost everywhere.
        int bestMatches = 0;
        for (int dy = -60; dy <= 60; dy++)
            for (int dx = -60; dx <= 60; dx++)
            {
                int matches = 0;
                for (int y = 100; y < 260; y += 4)
                    for (int x = 100; x < 260; x += 4)
                        if (At(f[15], x + dx, y + dy) == At(f[0], x, y)) matches++;
                bestMatches = Math.Max(bestMatches, matches);
            }
        Assert.True(bestMatches > 0.9 * 40 * 40, $"best shifted match {bestMatches} of 1600");
    }
}
