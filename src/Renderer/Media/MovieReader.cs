namespace ViST.Renderer.Media;

/// <summary>
/// Frames of any video ffmpeg reads, as gray at 30 frames/s placed on the 360x360 frame by a fit
/// (<see cref="MovieConversion"/>): frame i is the source at time i/30 s, <see cref="Conversion"/>.OnFrame pixels
/// in size (the whole frame unless padded). Decoding is sequential through a pipe. Frames are also kept in memory up to a limit (default 300 MB, about
/// 77 s), so a short movie loops and seeks without restarting ffmpeg (a restart costs a few hundred ms, more than
/// a frame at 30 Hz); beyond the limit, asking for an earlier frame restarts the decoder. The number of frames
/// is learned when the end is reached.
/// </summary>
public sealed class MovieReader : IDisposable
{
    public const long DefaultCacheBytes = 300L << 20;

    public string Path { get; }
    public MovieConversion Conversion { get; }
    readonly long _cacheLimit;
    List<byte[]>? _cache = []; // frames 0 .. Count-1; null once the movie turned out too long to keep
    FfmpegProcess? _ffmpeg;
    byte[] _current, _next;
    long _decoded = -1; // source index of the frame in _current (the decoder's position)
    long _position = -1; // source index of the frame Current returns
    ReadOnlyMemory<byte> _view;

    /// <summary>Number of frames, once the end of the movie has been reached (null before).</summary>
    public long? FrameCount { get; private set; }

    public MovieReader(string path, FitMode fit = MovieConversion.DefaultFit, long cacheBytes = DefaultCacheBytes)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such movie file", path);
        Path = path;
        Conversion = MovieConversion.Of(path, fit);
        _current = new byte[Conversion.FrameBytes];
        _next = new byte[Conversion.FrameBytes];
        _cacheLimit = cacheBytes;
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
        if (TrySeek(startFrame + localIndex)) return _view.Span;
        long count = FrameCount!.Value;
        if (startFrame >= count)
            throw new InvalidDataException($"{Path}: start_frame {startFrame} is past the end of the movie ({count} frames at 30 Hz)");
        if (loop)
        {
            TrySeek(startFrame + localIndex % (count - startFrame));
            return _view.Span;
        }
        return holdLast ? _view.Span : [];
    }

    /// <summary>True if the movie has a source frame <paramref name="index"/> (at 30 Hz); decodes up to it.</summary>
    public bool HasFrame(long index) => TrySeek(index);

    /// <summary>Makes source frame <paramref name="index"/> current; false if the movie ends before it (then the
    /// last frame is current and <see cref="FrameCount"/> is known).</summary>
    bool TrySeek(long index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index));
        if (index == _position) return true;
        if (FrameCount is { } n && index >= n) { TrySeek(n - 1); return false; }
        if (_cache != null && index < _cache.Count) { Show(index, _cache[(int)index]); return true; }
        if (index < _decoded || _ffmpeg is null) Restart();
        while (_decoded < index)
        {
            if (!_ffmpeg!.ReadFull(_next))
            {
                string? err = _ffmpeg.WaitForFailure();
                if (err != null && _decoded >= 0)
                    throw new InvalidDataException($"{Path}: decoding failed after frame {_decoded}: {err}");
                FrameCount = _decoded + 1;
                if (_decoded >= 0) Show(_decoded, _current);
                return false;
            }
            (_current, _next) = (_next, _current);
            _decoded++;
            Keep(_decoded, _current);
        }
        Show(_decoded, _current);
        return true;
    }

    void Show(long index, byte[] frame) { _position = index; _view = frame; }

    void Keep(long index, byte[] frame)
    {
        if (_cache is null || index != _cache.Count) return;
        if ((_cache.Count + 1L) * frame.Length > _cacheLimit) { _cache = null; return; }
        _cache.Add((byte[])frame.Clone());
    }

    void Restart()
    {
        _ffmpeg?.Dispose();
        _ffmpeg = FfmpegProcess.Reader(Path, "-v", "error", "-nostdin", "-i", Path, "-an", "-vf", Conversion.Filter,
            "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1");
        _decoded = -1;
        _position = -1;
    }

    public void Dispose() => _ffmpeg?.Dispose();
}
