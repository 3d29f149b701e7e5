namespace ViST.Renderer;

/// <summary>The frame contract of DESIGN.md: 360x360 single-channel luminance at 30 Hz.</summary>
public static class FrameSpec
{
    public const int Width = 360;
    public const int Height = 360;
    public const int Pixels = Width * Height;
    public const double FrameRate = 30.0;

    /// <summary>Stimulus time of frame <paramref name="index"/> in seconds.</summary>
    public static double TimeOf(long index) => index / FrameRate;
}

/// <summary>Anything that produces stimulus frames: a scene, a movie. Every frame is a pure function of the
/// source's parameters and the frame index, so live and headless runs see the same pixels.</summary>
public interface IFrameSource : IDisposable
{
    /// <summary>Writes frame <paramref name="index"/> (uint8 luminance, row-major, top row first) into <paramref name="dst"/>.</summary>
    void Render(long index, Span<byte> dst);
}
