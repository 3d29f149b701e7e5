using System.Buffers;
using MessagePack;
using ViST.RetinaModel;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Recording;

/// <summary>A `.vistrec` read back: header, frames and events in file order, the footer when the run ended
/// normally, and how many bytes at the end did not make a whole record (a crash or a cut file).</summary>
public sealed record RecordingContents(RecordingHeader Header, IReadOnlyList<RecordedFrame> Frames,
    IReadOnlyList<SimEvent> Events, RunSummary? Footer, long TruncatedBytes, string Path)
{
    /// <summary>True when the file ends with its footer and nothing after it.</summary>
    public bool Complete => Footer != null && TruncatedBytes == 0;

    /// <summary>A one-line account of an incomplete file ("" when complete).</summary>
    public string Problem => Complete ? "" : TruncatedBytes > 0
        ? $"{Path}: the last {TruncatedBytes} bytes are not a whole record (the run was cut off); read {Frames.Count} whole frames"
        : $"{Path}: no footer (the run did not end normally); read {Frames.Count} whole frames";
}

/// <summary>Reads `.vistrec` files, stopping cleanly at a truncated tail.</summary>
public static class RecordingReader
{
    public static RecordingContents Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"recording not found: {path}", path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static RecordingContents Read(Stream stream, string path)
    {
        using var values = new MessagePackStreamReader(stream, leaveOpen: true);
        long offset = 0;
        var first = Next(values) ?? throw new InvalidDataException(
            stream.Length == 0 ? $"{path}: empty file, not a recording" : $"{path}: the header is cut off or this is not a .vistrec file");
        RecordingHeader header;
        try { header = Parse(path, offset, first, ReadHeader); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path} is not a readable .vistrec recording: {(e.InnerException ?? e).Message}", e); }
        offset += first.Length;

        var frames = new List<RecordedFrame>();
        var events = new List<SimEvent>();
        RunSummary? footer = null;
        while (Next(values) is { } value)
        {
            if (footer != null) throw new InvalidDataException($"{path}: data after the footer at byte {offset}");
            Parse(path, offset, value, (ref MessagePackReader r) =>
            {
                int n = r.ReadArrayHeader();
                int tag = r.ReadInt32();
                switch (tag)
                {
                    case RecordingFormat.FrameTag: frames.Add(ReadFrame(ref r, n, header.Cells.Count)); break;
                    case RecordingFormat.EventTag: events.Add(ReadEvent(ref r, n)); break;
                    case RecordingFormat.FooterTag: footer = ReadFooter(ref r, n); break;
                    default: throw new InvalidDataException($"unknown record tag {tag}");
                }
                return 0;
            });
            offset += value.Length;
        }
        return new RecordingContents(header, frames, events, footer, values.RemainingBytes.Length, path);
    }

    static ReadOnlySequence<byte>? Next(MessagePackStreamReader values) =>
        values.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    delegate T ParseAction<T>(ref MessagePackReader r);

    static T Parse<T>(string path, long offset, ReadOnlySequence<byte> value, ParseAction<T> parse)
    {
        var r = new MessagePackReader(value);
        try { return parse(ref r); }
        catch (Exception e) when (e is MessagePackSerializationException or InvalidDataException or EndOfStreamException or OverflowException)
        {
            throw new InvalidDataException($"{path}: corrupt record at byte {offset}: {e.Message}", e);
        }
    }

    static RecordingHeader ReadHeader(ref MessagePackReader r)
    {
        if (r.NextMessagePackType != MessagePackType.Map) throw new InvalidDataException("not a .vistrec file (no header map)");
        int n = r.ReadMapHeader();
        string? format = null, name = null, hash = null, stimulus = null, started = null;
        int version = 0; double rate = 0; bool paced = false;
        var versions = new Dictionary<string, string>();
        var cells = new List<CellInfo>();
        for (int i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "format": format = r.ReadString(); break;
                case "version": version = r.ReadInt32(); break;
                case "model":
                    for (int m = r.ReadMapHeader(); m > 0; m--)
                        if (r.ReadString() == "name") name = r.ReadString(); else hash = r.ReadString();
                    break;
                case "stimulus": stimulus = r.ReadString(); break;
                case "versions":
                    for (int m = r.ReadMapHeader(); m > 0; m--) versions[r.ReadString()!] = r.ReadString() ?? "";
                    break;
                case "cells":
                    for (int c = r.ReadArrayHeader(); c > 0; c--)
                    {
                        if (r.ReadArrayHeader() != 4) throw new InvalidDataException("a cell entry is not [id, type, x, y]");
                        cells.Add(new CellInfo(r.ReadInt32(), r.ReadString() ?? "", r.ReadDouble(), r.ReadDouble()));
                    }
                    break;
                case "frame_rate": rate = r.ReadDouble(); break;
                case "paced": paced = r.ReadBoolean(); break;
                case "started_utc": started = r.ReadString(); break;
                default: r.Skip(); break;   // newer writers may add fields
            }
        }
        if (format != RecordingFormat.Magic) throw new InvalidDataException("not a .vistrec file (format field missing)");
        if (version != RecordingFormat.Version) throw new InvalidDataException($"recording format version {version}; this vist reads version {RecordingFormat.Version}");
        return new RecordingHeader(name ?? "", hash ?? "", stimulus ?? throw new InvalidDataException("the header has no stimulus"),
            versions, cells, rate, paced, started ?? "");
    }

    static RecordedFrame ReadFrame(ref MessagePackReader r, int n, int cells)
    {
        if (n != 7) throw new InvalidDataException($"a frame record has {n} fields, expected 7");
        long index = r.ReadInt64();
        double t = r.ReadDouble();
        int count = r.ReadArrayHeader();
        if (count != cells) throw new InvalidDataException($"frame {index} has {count} rates for {cells} cells");
        var rates = new float[count];
        for (int i = 0; i < count; i++) rates[i] = r.ReadSingle();
        return new RecordedFrame(index, t, rates, r.ReadSingle(), (r.ReadInt32() & 1) != 0, r.ReadInt32());
    }

    static SimEvent ReadEvent(ref MessagePackReader r, int n)
    {
        if (n != 8) throw new InvalidDataException($"an event record has {n} fields, expected 8");
        return new SimEvent
        {
            Frame = r.ReadInt64(), Kind = RecordingFormat.ParseKind(r.ReadString() ?? ""), Origin = r.ReadString() ?? "",
            Layer = r.ReadString(), Name = r.ReadString(), Json = r.ReadString(), Label = r.ReadString(),
        };
    }

    static RunSummary ReadFooter(ref MessagePackReader r, int n)
    {
        if (n != 2) throw new InvalidDataException($"the footer has {n} fields, expected 2");
        long frames = 0, late = 0, dropped = 0; double seconds = 0, p50 = double.NaN, p99 = double.NaN; bool paced = false; string end = "";
        for (int m = r.ReadMapHeader(); m > 0; m--)
        {
            switch (r.ReadString())
            {
                case "frames": frames = r.ReadInt64(); break;
                case "seconds": seconds = r.ReadDouble(); break;
                case "latency_p50_ms": p50 = r.ReadDouble(); break;
                case "latency_p99_ms": p99 = r.ReadDouble(); break;
                case "late": late = r.ReadInt64(); break;
                case "dropped": dropped = r.ReadInt64(); break;
                case "paced": paced = r.ReadBoolean(); break;
                case "end": end = r.ReadString() ?? ""; break;
                default: r.Skip(); break;
            }
        }
        return new RunSummary(frames, seconds, p50, p99, late, dropped, paced, end);
    }
}
