using System.Buffers;
using MessagePack;
using ViST.RetinaModel;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Recording;

/// <summary>
/// The `.vistrec` layout: a stream of top-level MessagePack values, so a reader can stop cleanly after the last
/// whole one. First a header map:
///   {format: "vistrec", version: 1, model: {name, hash}, stimulus: scene JSON text, versions: {vist, runtime, os},
///    cells: [[id, type, center_x, center_y], ...], frame_rate, paced, started_utc}
/// then records, each an array whose first element says what it is:
///   [0, frame, t, rates float32[cells], latency_ms, flags (bit 0: late), dropped_before]
///   [1, frame, kind, origin, layer|nil, name|nil, json|nil, label|nil]        (an event; kind: set_param, load_scene, mark, pause, resume, note)
///   [2, {frames, seconds, latency_p50_ms, latency_p99_ms, late, dropped, paced, end}]   (the footer, last)
/// Python reads it with msgpack.Unpacker(open(f, "rb"), raw=False).
/// </summary>
public static class RecordingFormat
{
    public const string Magic = "vistrec";
    public const int Version = 1;
    public const int FrameTag = 0, EventTag = 1, FooterTag = 2;

    static readonly string[] KindNames = ["set_param", "load_scene", "mark", "pause", "resume", "note"];

    public static string KindName(SimEventKind k) => KindNames[(int)k];

    public static SimEventKind ParseKind(string name)
    {
        int i = Array.IndexOf(KindNames, name);
        return i >= 0 ? (SimEventKind)i : throw new InvalidDataException($"unknown event kind '{name}'");
    }

    public static void WriteHeader(ref MessagePackWriter w, RecordingHeader h)
    {
        w.WriteMapHeader(9);
        w.Write("format"); w.Write(Magic);
        w.Write("version"); w.Write(Version);
        w.Write("model"); w.WriteMapHeader(2); w.Write("name"); w.Write(h.ModelName); w.Write("hash"); w.Write(h.ModelHash);
        w.Write("stimulus"); w.Write(h.StimulusJson);
        w.Write("versions"); w.WriteMapHeader(h.Versions.Count);
        foreach (var (k, v) in h.Versions) { w.Write(k); w.Write(v); }
        w.Write("cells"); w.WriteArrayHeader(h.Cells.Count);
        foreach (var c in h.Cells)
        {
            w.WriteArrayHeader(4); w.Write(c.Id); w.Write(c.Type); w.Write(c.CenterX); w.Write(c.CenterY);
        }
        w.Write("frame_rate"); w.Write(h.FrameRate);
        w.Write("paced"); w.Write(h.Paced);
        w.Write("started_utc"); w.Write(h.StartedUtc);
    }

    public static void WriteFrame(ref MessagePackWriter w, FrameResult f)
    {
        w.WriteArrayHeader(7);
        w.Write(FrameTag); w.Write(f.Index); w.Write(f.Time);
        w.WriteArrayHeader(f.Rates.Length);
        foreach (var r in f.Rates) w.Write(r);
        w.Write((float)f.LatencyMs); w.Write(f.Late ? 1 : 0); w.Write(f.DroppedBefore);
    }

    public static void WriteEvent(ref MessagePackWriter w, SimEvent e)
    {
        w.WriteArrayHeader(8);
        w.Write(EventTag); w.Write(e.Frame); w.Write(KindName(e.Kind)); w.Write(e.Origin);
        w.Write(e.Layer); w.Write(e.Name); w.Write(e.Json); w.Write(e.Label);
    }

    public static void WriteFooter(ref MessagePackWriter w, RunSummary s)
    {
        w.WriteArrayHeader(2);
        w.Write(FooterTag);
        w.WriteMapHeader(8);
        w.Write("frames"); w.Write(s.Frames);
        w.Write("seconds"); w.Write(s.Seconds);
        w.Write("latency_p50_ms"); w.Write(s.LatencyP50Ms);
        w.Write("latency_p99_ms"); w.Write(s.LatencyP99Ms);
        w.Write("late"); w.Write(s.Late);
        w.Write("dropped"); w.Write(s.Dropped);
        w.Write("paced"); w.Write(s.Paced);
        w.Write("end"); w.Write(s.EndReason);
    }

    /// <summary>Writes one value with a fresh writer into <paramref name="buffer"/>.</summary>
    /// <summary>Writes one value with <paramref name="write"/> (a static lambda: nothing is allocated per record).</summary>
    public static void Encode<T>(IBufferWriter<byte> buffer, T value, WriteAction<T> write)
    {
        var w = new MessagePackWriter(buffer);
        write(ref w, value);
        w.Flush();
    }

    public delegate void WriteAction<in T>(ref MessagePackWriter w, T value);
}

/// <summary>The header of a recording: enough to re-render and re-score it.</summary>
public sealed record RecordingHeader(string ModelName, string ModelHash, string StimulusJson,
    IReadOnlyDictionary<string, string> Versions, IReadOnlyList<CellInfo> Cells, double FrameRate, bool Paced, string StartedUtc);

/// <summary>One frame as recorded.</summary>
public sealed record RecordedFrame(long Index, double Time, float[] Rates, float LatencyMs, bool Late, int DroppedBefore);
