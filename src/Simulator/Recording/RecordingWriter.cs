using System.Buffers;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Recording;

/// <summary>
/// A sink that writes a run to a `.vistrec` file. It hands its buffer to the operating system at least once a
/// second (and after every event), so a crash of the program loses at most the last second; a reader then stops
/// cleanly after the last whole record. The footer is written when the run ends normally.
/// </summary>
public sealed class RecordingWriter : IFrameSink, IDisposable
{
    static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(1);
    readonly FileStream _file;
    readonly ArrayBufferWriter<byte> _buffer = new(4096);
    readonly Stopwatch _sinceFlush = Stopwatch.StartNew();

    public RecordingWriter(string path)
    {
        try { _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot write the recording {path}: {e.Message}", e);
        }
    }

    public void Start(RunInfo info)
    {
        var header = new RecordingHeader(info.ModelName, info.ModelHash, info.StimulusJson, Versions(), info.Cells,
            Renderer.FrameSpec.FrameRate, info.Paced, DateTime.UtcNow.ToString("O"));
        Write(header, RecordingFormat.WriteHeader);
        Flush();
    }

    public void OnEvent(SimEvent e)
    {
        Write(e, RecordingFormat.WriteEvent);
        Flush();   // events are rare and precious: a crash must not lose a parameter change
    }

    public void OnFrame(FrameResult frame)
    {
        Write(frame, RecordingFormat.WriteFrame);
        if (_sinceFlush.Elapsed >= FlushEvery) Flush();
    }

    public void End(RunSummary summary)
    {
        Write(summary, RecordingFormat.WriteFooter);
        Flush();
    }

    public void Dispose() => _file.Dispose();

    void Write<T>(T value, RecordingFormat.WriteAction<T> write)
    {
        _buffer.ResetWrittenCount();
        RecordingFormat.Encode(_buffer, value, write);
        _file.Write(_buffer.WrittenSpan);
    }

    void Flush()
    {
        _file.Flush();
        _sinceFlush.Restart();
    }

    static Dictionary<string, string> Versions() => new()
    {
        ["vist"] = typeof(RecordingWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        ["runtime"] = RuntimeInformation.FrameworkDescription,
        ["os"] = RuntimeInformation.OSDescription,
    };
}
