namespace ViST.Renderer.Media;

/// <summary>Writes 360x360 gray frames through ffmpeg: numbered PNG files or an H.264 movie at 30 frames/s.</summary>
public sealed class FrameEncoder : IDisposable
{
    readonly FfmpegProcess _ffmpeg;
    bool _finished;

    FrameEncoder(string what, string[] outputArgs)
    {
        _ffmpeg = FfmpegProcess.Writer(what, ["-v", "error", "-nostdin", "-y", "-f", "rawvideo", "-pix_fmt", "gray",
            "-s", $"{FrameSpec.Width}x{FrameSpec.Height}", "-r", "30", "-i", "pipe:0", .. outputArgs]);
    }

    /// <summary>frame_00000.png, frame_00001.png, ... in <paramref name="folder"/> (created if needed).</summary>
    public static FrameEncoder Png(string folder)
    {
        Directory.CreateDirectory(folder);
        return new FrameEncoder(folder, ["-start_number", "0", Path.Combine(folder, "frame_%05d.png")]);
    }

    /// <summary>An H.264 .mp4 (yuv420p, quality 18: visually lossless, playable everywhere).</summary>
    public static FrameEncoder Mp4(string path) =>
        new(path, ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-movflags", "+faststart", path]);

    public void Write(ReadOnlySpan<byte> frames)
    {
        try { _ffmpeg.Input.Write(frames); }
        catch (IOException e)
        {
            _ffmpeg.WaitForFailure();
            throw new InvalidDataException($"{_ffmpeg.What}: ffmpeg stopped: {_ffmpeg.ErrorText}", e);
        }
    }

    /// <summary>Flushes and waits for ffmpeg; throws with ffmpeg's message if writing failed.</summary>
    public void Finish()
    {
        _finished = true;
        _ffmpeg.Finish();
    }

    public void Dispose()
    {
        if (!_finished) _ffmpeg.Dispose();
    }
}
