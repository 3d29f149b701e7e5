using System.Diagnostics;
using Xunit;

namespace ViST.Tests;

/// <summary>Runs ffmpeg to make test media (the code under test decodes them).</summary>
public static class FfmpegTool
{
    /// <summary>Encodes gray frames (360x360 at 30 frames/s unless told) losslessly (FFV1 in Matroska).</summary>
    public static void EncodeLossless(string path, IEnumerable<byte[]> frames, int width = 360, int height = 360, int fps = 30)
    {
        var psi = new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "gray", "-s", $"{width}x{height}",
            "-r", $"{fps}", "-i", "pipe:0", "-c:v", "ffv1", "-pix_fmt", "gray", path])
        { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        foreach (var f in frames) p.StandardInput.BaseStream.Write(f);
        p.StandardInput.Close();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "ffmpeg failed: " + err.Result);
    }
}
