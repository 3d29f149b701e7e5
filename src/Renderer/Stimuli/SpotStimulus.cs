using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>A uniform disk: pixels whose centre lies within radius_px of center_px.</summary>
internal sealed class SpotStimulus(GlResources gl) : IStimulus
{
    public void Draw(Layer layer, Scene scene, FrameTime time)
    {
        double t = time.TimeS;
        var c = layer.Point("center_px");
        gl.Shape.Use()
            .Set("uDisk", true)
            .Set("uCenter", c[0], c[1])
            .Set("uRadius", layer.Number("radius_px", t))
            .Set("uLuminance", scene.Background * (1 + layer.Number("contrast", t)));
        gl.DrawFullscreen();
    }

    public void Dispose() { }
}
