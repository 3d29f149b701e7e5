using System.ComponentModel;
using System.Diagnostics;

namespace ViST.Renderer.Media;

/// <summary>Starts the ffmpeg program with a pipe on stdout (decoding) or stdin (encoding); stderr is collected
/// so that a failure can be reported with ffmpeg's own words.</summary>
public sealed class FfmpegProcess : IDisposable
{
    readonly Process _process;
    readonly System.Text.StringBuilder _stderr = new();
    public string What { get; }

    FfmpegProcess(string what, IEnumerable<string> args, bool writeStdin)
    {
        What = what;
        var psi = new ProcessStartInfo("ffmpeg")
        {
            UseShellExecute = false, RedirectStandardError = true,
            RedirectStandardOutput = !writeStdin, RedirectStandardInput = writeStdin,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try { _process = Process.Start(psi)!; }
        catch (Win32Exception e)
        {
            const int NoSuchFile = 2;   // ENOENT: not on PATH
            string problem = e.NativeErrorCode == NoSuchFile ? "not found on PATH" : $"cannot start it ({e.Message})";
            throw DebianPackages.Missing("ffmpeg", $"{problem}; {(writeStdin ? "writing" : "decoding")} {what} needs it", DebianPackages.Ffmpeg, e);
        }
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    /// <summary>ffmpeg writing raw frames or images to stdout.</summary>
    public static FfmpegProcess Reader(string what, params string[] args) => new(what, args, false);
    /// <summary>ffmpeg reading raw frames from stdin.</summary>
    public static FfmpegProcess Writer(string what, params string[] args) => new(what, args, true);

    public Stream Output => _process.StandardOutput.BaseStream;
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>Reads until <paramref name="buffer"/> is full; false at the end of the stream (a partial frame
    /// at the end counts as the end).</summary>
    public bool ReadFull(Span<byte> buffer)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = Output.Read(buffer[got..]);
            if (n == 0) return false;
            got += n;
        }
        return true;
    }

    /// <summary>Waits for ffmpeg to exit; returns what went wrong when it failed, otherwise null. Failing includes
    /// printing errors and exiting 0, which ffmpeg does after decoding what it could of a damaged or cut-off file:
    /// every caller runs it with -v error, so anything on stderr is an error, and a silently short movie would be a
    /// wrong result.</summary>
    public string? WaitForFailure()
    {
        _process.WaitForExit();
        var lines = ErrorText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return _process.ExitCode == 0 ? null : $"ffmpeg exited with code {_process.ExitCode}";
        // the last line is the conclusion ("Invalid data found when processing input", "partial file")
        return lines.Length == 1 ? lines[0] : $"{lines[^1]} (after {lines.Length - 1} more lines of ffmpeg errors)";
    }

    /// <summary>For writers: closes stdin and fails with ffmpeg's message if it did not succeed.</summary>
    public void Finish()
    {
        Input.Close();
        if (WaitForFailure() is { } err) throw new InvalidDataException($"{What}: ffmpeg failed: {err}");
    }

    public string ErrorText { get { lock (_stderr) return _stderr.ToString().Trim(); } }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(); } catch (InvalidOperationException) { }
        _process.WaitForExit();
        _process.Dispose();
    }
}
