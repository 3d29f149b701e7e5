using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>A moving bar: its centre is center_px + (offset_px + distance travelled) * direction.</summary>
internal sealed class BarStimulus(GlResources gl) : IStimulus
{
    /// <summary>Centre of the bar in pixels at scene time <paramref name="t"/> (speed may be keyframed).</summary>
    public static (double X, double Y) Centre(Layer layer, double t)
    {
        double theta = layer.Number("direction_deg", t) * Math.PI / 180;
        double along = layer.Number("offset_px", t) + layer.IntegralSinceStart("speed_px_s", t);
        var c = layer.Point("center_px");
        return (c[0] + along * Math.Cos(theta), c[1] - along * Math.Sin(theta));
    }

    public void Draw(Layer layer, Scene scene, FrameTime time)
    {
        double t = time.TimeS;
        double theta = layer.Number("direction_deg", t) * Math.PI / 180;
        var (x, y) = Centre(layer, t);
        gl.Shape.Use()
            .Set("uDisk", false)
            .Set("uCenter", x, y)
            .Set("uAxis", Math.Cos(theta), -Math.Sin(theta))
            .Set("uHalfSize", layer.Number("width_px", t) / 2, layer.Number("length_px", t) / 2)
            .Set("uLuminance", scene.Background * (1 + layer.Number("contrast", t)));
        gl.DrawFullscreen();
    }

    public void Dispose() { }
}
