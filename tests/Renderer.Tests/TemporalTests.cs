using ViST.Renderer.Scenes;
using static ViST.Renderer.Tests.FrameMath;

namespace ViST.Renderer.Tests;

public sealed class TemporalTests(RendererFixture gl) : IClassFixture<RendererFixture>
{
    double[] Trace(Scene s, int frames) => gl.Frames(s, 0, frames).Select(f => (double)At(f, 90, 270)).ToArray();

    [Fact]
    public void FlashFollowsItsSteps()
    {
        var steps = new[] { new[] { 0.5, 1.0 }, new[] { 0.2, 0.0 }, new[] { 0.3, 0.4 } };
        var trace = Trace(new Scene(1, 0.5, Layer.Create("flash", ("steps", steps))), 36);
        var expected = Enumerable.Range(0, 36).Select(i => i < 15 ? 255.0 : i < 21 ? 0 : i < 30 ? 102 : 128).ToArray();
        Assert.Equal(expected, trace); // after the steps the layer is transparent: background

        var looped = Trace(new Scene(1, 0.5, Layer.Create("flash", ("steps", steps), ("loop", true))), 36);
        Assert.Equal(255, looped[30]); // t = 1 s = the steps' total
        Assert.Equal(102, looped[29]); // last frame of the first round, then it starts over
    }

    [Fact]
    public void ChirpHasItsStepsAndSweeps()
    {
        var chirp = new Scene(1, 0.5, Layer.Create("chirp"));
        var trace = Trace(chirp, 32 * 30);
        Assert.Equal(0, trace[30]);          // 0-2 s dark
        Assert.Equal(255, trace[3 * 30]);    // 2-5 s bright step
        Assert.Equal(0, trace[6 * 30]);      // 5-8 s dark
        Assert.Equal(128, trace[9 * 30]);    // 8-10 s background
        // 10-18 s frequency sweep 0 -> 8 Hz: count zero crossings of L - background; instantaneous frequency
        // f(tau) = tau, so there are about 2 * 8 * 8 / 2 = 64 crossings, more in the second half than in the first.
        int Crossings(int from, int to) => Enumerable.Range(from, to - from).Count(i => (trace[i] - 127.5) * (trace[i + 1] - 127.5) < 0);
        Assert.InRange(Crossings(300, 540), 56, 66);
        Assert.True(Crossings(420, 540) > 2 * Crossings(300, 420));
        Assert.Equal(128, trace[19 * 30]);   // 18-20 s background
        // 20-28 s: 2 Hz with contrast rising from 0 to 1: peaks grow.
        double early = Enumerable.Range(600, 60).Max(i => Math.Abs(trace[i] - 127.5));
        double late = Enumerable.Range(780, 60).Max(i => Math.Abs(trace[i] - 127.5));
        Assert.InRange(early, 10, 40);
        Assert.InRange(late, 115, 128);
        Assert.Equal(128, trace[29 * 30]);   // 28-30 s background
        Assert.Equal(0, trace[31 * 30]);     // 30-32 s dark
        Assert.Equal(128, Trace(chirp, 32 * 30 + 1)[^1]); // over: transparent
    }

    [Fact]
    public void KeyframesInterpolateLinearly()
    {
        var spot = Layer.Create("spot", ("radius_px", 400.0)).WithKeyframes("contrast", new Keyframes([(1.0, 0.0), (2.0, 1.0), (3.0, -1.0)]));
        var trace = Trace(new Scene(1, 0.5, spot), 100);
        Assert.Equal(128, trace[0]);               // before the first key: its value (contrast 0)
        Assert.Equal(128, trace[30]);
        Assert.Equal(191, trace[45]);              // t = 1.5 s: contrast 0.5 -> 0.75 * 255
        Assert.Equal(255, trace[60]);
        Assert.Equal(128, trace[75]);              // t = 2.5 s: contrast 0
        Assert.Equal(0, trace[99]);                // after the last key: held at -1

        var k = new Keyframes([(0.0, 0.0), (2.0, 4.0)]);
        Assert.Equal(1.0, k.ValueAt(0.5), 12);
        Assert.Equal(4.0, k.Integral(0, 2), 12);   // triangle: 2 * 4 / 2
        Assert.Equal(4.0 + 4.0, k.Integral(0, 3), 12); // then held at 4 for 1 s
    }

    [Fact]
    public void KeyframedSpeedMovesTheBarByTheIntegral()
    {
        // Speed ramps 0 -> 300 px/s over 1 s: distance after 1 s is 150 px.
        var bar = Layer.Create("bar", ("width_px", 2.0), ("offset_px", -100.0)).WithKeyframes("speed_px_s", new Keyframes([(0.0, 0.0), (1.0, 300.0)]));
        var f = gl.Frame(new Scene(1, 0.5, bar), 30);
        Assert.Equal(new[] { 229, 230 }, Enumerable.Range(0, 360).Where(x => At(f, x, 100) == 255).ToArray()); // centre 180 - 100 + 150
    }
}
