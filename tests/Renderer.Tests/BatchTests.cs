using ViST.Renderer.Scenes;

namespace ViST.Renderer.Tests;

public sealed class BatchTests(RendererFixture gl) : IClassFixture<RendererFixture>
{
    [Fact]
    public void BatchOfSweepConditionsEqualsRenderingEachAlone()
    {
        var baseScene = new Scene(2, 0.5, Layer.Create("grating", ("cycles_per_px", 0.03), ("temporal_hz", 2.0)).With("id", "g"));
        var conditions = Enumerable.Range(0, 6).Select(k => baseScene.WithParam("g", "orientation_deg", 30.0 * k)).ToArray();
        var batch = new byte[conditions.Length * FrameSpec.Pixels];
        gl.Renderer.RenderBatch(conditions, 11, batch);
        for (int k = 0; k < conditions.Length; k++)
            Assert.Equal(gl.Frame(conditions[k], 11), batch.AsSpan(k * FrameSpec.Pixels, FrameSpec.Pixels).ToArray());
        Assert.NotEqual(batch.AsSpan(0, FrameSpec.Pixels).ToArray(), batch.AsSpan(FrameSpec.Pixels, FrameSpec.Pixels).ToArray());
    }

    [Fact]
    public void ManyThreadsOnSharedAndOwnRenderersGetTheSamePixels()
    {
        var scene = new Scene(9, 0.5, Layer.Create("naturalistic"), Layer.Create("noise", ("check_px", 30L), ("contrast", 0.3)).With("end_s", 0.5));
        var expected = gl.Frames(scene, 0, 20);
        Parallel.For(0, 4, t =>
        {
            using var own = t % 2 == 0 ? new HeadlessRenderer() : null;
            var frame = new byte[FrameSpec.Pixels];
            for (int i = t; i < 20; i += 2)
            {
                (own ?? gl.Renderer).Render(scene, i, frame);
                Assert.Equal(expected[i], frame);
            }
        });
    }
}
