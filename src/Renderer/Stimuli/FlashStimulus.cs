using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>Full-field luminance steps.</summary>
internal sealed class FlashStimulus(GlResources gl) : IStimulus
{
    /// <summary>Luminance <paramref name="localTime"/> seconds after the layer started; null after the last
    /// step when not looping (the layer is then transparent).</summary>
    public static double? Luminance(Layer layer, double localTime)
    {
        var steps = layer.Steps("steps");
        double total = steps.Sum(s => s[0]);
        if (layer.Flag("loop")) localTime -= Math.Floor((localTime + FrameTime.Epsilon) / total) * total;
        double end = 0;
        foreach (var s in steps)
        {
            end += s[0];
            if (localTime < end - FrameTime.Epsilon) return s[1];
        }
        return null;
    }

    public void Draw(Layer layer, Scene scene, FrameTime time)
    {
        if (Luminance(layer, time.LocalTime(layer)) is { } l) gl.Fill(l);
    }

    public void Dispose() { }
}
