namespace ViST.Renderer.Media;

/// <summary>A movie file as a frame source (no GL needed): frame i is the movie frame at (start_frame + i) / 30 s,
/// placed on the frame by its fit (padding shows the background); after the end it loops, holds the last frame or
/// shows the background.</summary>
public sealed class MovieFrameSource : IFrameSource
{
    readonly MovieReader _reader;
    readonly long _startFrame;
    readonly bool _loop, _holdLast;
    readonly byte _background;

    public MovieFrameSource(string path, bool loop = false, long startFrame = 0, bool holdLast = true, double background = 0.5,
        FitMode fit = MovieConversion.DefaultFit)
    {
        if (startFrame < 0) throw new ArgumentException($"start_frame: expected frames >= 0; got {startFrame}");
        _reader = new MovieReader(path, fit);
        _startFrame = startFrame; _loop = loop; _holdLast = holdLast;
        _background = (byte)Math.Round(Math.Clamp(background, 0, 1) * 255);
    }

    public long? FrameCount => _reader.FrameCount;

    /// <summary>How the file becomes 360x360 frames at 30 Hz (size, fit, frame rate).</summary>
    public MovieConversion Conversion => _reader.Conversion;

    /// <summary>True once a movie that does not loop has no frame at <paramref name="index"/>: it has ended.</summary>
    public bool HasEnded(long index) => !_loop && !_reader.HasFrame(_startFrame + index);

    public void Render(long index, Span<byte> dst)
    {
        var frame = _reader.FrameFor(index, _startFrame, _loop, _holdLast);
        var (x, y, w, h) = _reader.Conversion.OnFrame;
        if (frame.IsEmpty || w < FrameSpec.Width || h < FrameSpec.Height) dst[..FrameSpec.Pixels].Fill(_background);
        if (frame.IsEmpty) return;
        for (int row = 0; row < h; row++)
            frame.Slice(row * w, w).CopyTo(dst.Slice((y + row) * FrameSpec.Width + x, w));
    }

    public void Dispose() => _reader.Dispose();
}
