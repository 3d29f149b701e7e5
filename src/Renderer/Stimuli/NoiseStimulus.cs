using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>Binary or Gaussian checkerboard noise, a new pattern every refresh_frames frames. A check's value is
/// a hash of (seed, pattern number, check position) (see noise.frag and <see cref="SeedHash.Cell"/>).</summary>
internal sealed class NoiseStimulus(GlResources gl) : IStimulus
{
    public static uint Seed(Layer layer, Scene scene) => (uint)(layer.Has("seed") ? layer.Integer("seed") : scene.Seed);

    public static uint Pattern(Layer layer, FrameTime time) => (uint)(time.LocalIndex(layer) / layer.Integer("refresh_frames"));

    public void Draw(Layer layer, Scene scene, FrameTime time)
    {
        gl.Noise.Use()
            .Set("uBackground", scene.Background)
            .Set("uSeed", Seed(layer, scene))
            .Set("uPattern", Pattern(layer, time))
            .Set("uCheck", (int)layer.Integer("check_px"))
            .Set("uContrast", layer.Number("contrast", time.TimeS))
            .Set("uGaussian", layer.Text("distribution") == "gaussian");
        gl.DrawFullscreen();
    }

    public void Dispose() { }
}
