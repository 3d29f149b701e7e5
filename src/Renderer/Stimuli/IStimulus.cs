using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>When a frame is: its index and scene time, and where a given layer is in its own timeline.</summary>
public readonly record struct FrameTime(long Index, double TimeS)
{
    /// <summary>Tolerance for comparing times with boundaries given in seconds: frame times k/30 are not exact
    /// in binary, so 0.5 + 0.2 must still count as the boundary at frame 21.</summary>
    public const double Epsilon = 1e-9;

    public static FrameTime Of(long index) => new(index, FrameSpec.TimeOf(index));

    /// <summary>Seconds since the layer started.</summary>
    public double LocalTime(Layer layer) => TimeS - layer.StartS;

    /// <summary>Frames since the layer's first frame (the first frame at or after start_s is 0).</summary>
    public long LocalIndex(Layer layer) => Index - (long)Math.Ceiling(layer.StartS * FrameSpec.FrameRate - Epsilon * FrameSpec.FrameRate);
}

/// <summary>Draws one stimulus type into the bound frame (a small operator: layer parameters in, pixels out).
/// Pixels it leaves alone keep what the layers below drew.</summary>
internal interface IStimulus : IDisposable
{
    void Draw(Layer layer, Scene scene, FrameTime time);

    /// <summary>Loads what the layer needs from files (decoders, textures) ahead of its first frame.</summary>
    void Prepare(Layer layer) { }
}
