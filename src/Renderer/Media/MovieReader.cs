namespace ViST.Renderer.Media;

/// <summary>
/// Frames of any video ffmpeg reads, as 360x360 gray at 30 frames/s: frame i is the source at time i/30 s.
/// Decoding is sequential through a pipe; asking for an earlier frame restarts ffmpeg, so playing forward (the
/// usual case, also when looping) costs one decode per frame. The number of frames is learned at the end.
/// </summary>
public sealed class MovieReader : IDisposable
{
    public string Path { get; }
    FfmpegProcess? _ffmpeg;
    byte[] _current = new byte[FrameSpec.Pixels], _next = new byte[FrameSpec.Pixels];
    long _position = -1; // source index held in _current

    /// <summary>Number of frames, once the end of the movie has been reached (null before).</summary>
    public long? FrameCount { get; private set; }

    public MovieReader(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such movie file", path);
        Path = path;
        if (!TrySeek(0))
        {
            string why = _ffmpeg?.WaitForFailure() ?? "it has no video frames";
            throw new InvalidDataException($"{path}: cannot decode the movie: {why}");
        }
    }

    /// <summary>The movie's frame for a layer's <paramref name="localIndex"/> (frames since the layer started),
    /// or an empty span where the layer shows nothing (after the end, with after_end = background).</summary>
    public ReadOnlySpan<byte> FrameFor(long localIndex, long startFrame, bool loop, bool holdLast)
    {
        long s = startFrame + localIndex;
        if (TrySeek(s)) return _current;
        long count = FrameCount!.Value;
        if (startFrame >= count)
            throw new InvalidDataException($"{Path}: start_frame {startFrame} is past the end of the movie ({count} frames at 30 Hz)");
        if (loop)
        {
            TrySeek(startFrame + localIndex % (count - startFrame));
            return _current;
        }
        return holdLast ? _current : [];
    }

    /// <summary>Moves to source frame <paramref name="index"/>; false if the movie ends before it (then the
    /// last frame is current and <see cref="FrameCount"/> is known).</summary>
    bool TrySeek(long index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index));
        if (index == _position) return true;
        if (FrameCount is { } n && index >= n) { TrySeek(n - 1); return false; }
        if (index < _position || _ffmpeg is null) Restart();
        while (_position < index)
        {
            if (!_ffmpeg!.ReadFull(_next))
            {
                string? err = _ffmpeg.WaitForFailure();
                if (err != null && _position >= 0)
                    throw new InvalidDataException($"{Path}: decoding failed after frame {_position}: {err}");
                FrameCount = _position + 1;
                return false;
            }
            (_current, _next) = (_next, _current);
            _position++;
        }
        return true;
    }

    void Restart()
    {
        _ffmpeg?.Dispose();
        _ffmpeg = FfmpegProcess.Reader(Path, "-v", "error", "-nostdin", "-i", Path, "-an", "-f", "rawvideo",
            "-pix_fmt", "gray", "-s", $"{FrameSpec.Width}x{FrameSpec.Height}", "-r", "30", "pipe:1");
        _position = -1;
    }

    public void Dispose() => _ffmpeg?.Dispose();
}
