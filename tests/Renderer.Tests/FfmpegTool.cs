using System.Diagnostics;

namespace ViST.Renderer.Tests;

/// <summary>Runs ffmpeg to make test media (the code under test decodes them).</summary>
static class FfmpegTool
{
    /// <summary>Encodes 360x360 gray frames at 30 frames/s losslessly (FFV1 in Matroska).</summary>
    public static void EncodeLossless(string path, IEnumerable<byte[]> frames)
    {
        var psi = new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "gray", "-s", "360x360",
            "-r", "30", "-i", "pipe:0", "-c:v", "ffv1", "-pix_fmt", "gray", path])
        { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        foreach (var f in frames) p.StandardInput.BaseStream.Write(f);
        p.StandardInput.Close();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "ffmpeg failed: " + err.Result);
    }
}
