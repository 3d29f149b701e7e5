namespace ViST.Renderer.Media;

/// <summary>A movie file as a frame source (no GL needed): frame i is the movie frame at (start_frame + i) / 30 s;
/// after the end it loops, holds the last frame or shows a uniform background.</summary>
public sealed class MovieFrameSource : IFrameSource
{
    readonly MovieReader _reader;
    readonly long _startFrame;
    readonly bool _loop, _holdLast;
    readonly byte _background;

    public MovieFrameSource(string path, bool loop = false, long startFrame = 0, bool holdLast = true, double background = 0.5)
    {
        if (startFrame < 0) throw new ArgumentException($"start_frame: expected frames >= 0; got {startFrame}");
        _reader = new MovieReader(path);
        _startFrame = startFrame; _loop = loop; _holdLast = holdLast;
        _background = (byte)Math.Round(Math.Clamp(background, 0, 1) * 255);
    }

    public long? FrameCount => _reader.FrameCount;

    public void Render(long index, Span<byte> dst)
    {
        var frame = _reader.FrameFor(index, _startFrame, _loop, _holdLast);
        if (frame.IsEmpty) dst[..FrameSpec.Pixels].Fill(_background);
        else frame.CopyTo(dst);
    }

    public void Dispose() => _reader.Dispose();
}
