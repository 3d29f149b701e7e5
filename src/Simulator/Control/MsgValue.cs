using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace ViST.Simulator.Control;

/// <summary>
/// Reads untrusted MessagePack into plain values (long, double, string, bool, null, List, Dictionary with string
/// keys) with a depth limit, and writes such values back. Anything else (binary, extension types, non-string
/// map keys, trailing bytes) is a <see cref="MalformedMessageException"/>.
/// </summary>
public static class MsgValue
{
    const int MaxDepth = 16;

    /// <summary>Parses one message that must be a single map.</summary>
    public static Dictionary<string, object?> ReadMap(ReadOnlyMemory<byte> bytes)
    {
        var r = new MessagePackReader(bytes);
        object? value;
        try
        {
            if (r.NextMessagePackType != MessagePackType.Map) throw new MalformedMessageException("the message is not a map");
            value = Read(ref r, 0);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException or InvalidOperationException)
        {
            throw new MalformedMessageException("not valid MessagePack: " + e.Message);
        }
        if (!r.End) throw new MalformedMessageException("bytes left over after the message");
        return (Dictionary<string, object?>)value!;
    }

    static object? Read(ref MessagePackReader r, int depth)
    {
        if (depth > MaxDepth) throw new MalformedMessageException($"nested deeper than {MaxDepth}");
        switch (r.NextMessagePackType)
        {
            case MessagePackType.Nil: r.ReadNil(); return null;
            case MessagePackType.Boolean: return r.ReadBoolean();
            case MessagePackType.Integer: return r.ReadInt64();
            case MessagePackType.Float: return r.ReadDouble();
            case MessagePackType.String: return r.ReadString();
            case MessagePackType.Array:
            {
                int n = r.ReadArrayHeader();
                var list = new List<object?>(Math.Min(n, 1024));
                for (int i = 0; i < n; i++) list.Add(Read(ref r, depth + 1));
                return list;
            }
            case MessagePackType.Map:
            {
                int n = r.ReadMapHeader();
                var map = new Dictionary<string, object?>(Math.Min(n, 64));
                for (int i = 0; i < n; i++)
                {
                    if (r.NextMessagePackType != MessagePackType.String) throw new MalformedMessageException("a map key is not a string");
                    string key = r.ReadString()!;
                    map[key] = Read(ref r, depth + 1);
                }
                return map;
            }
            default: throw new MalformedMessageException($"unsupported MessagePack type {r.NextMessagePackType}");
        }
    }

    /// <summary>Encodes a map of plain values (and float[] for rates) as one message.</summary>
    public static byte[] Encode(IReadOnlyDictionary<string, object?> map)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var w = new MessagePackWriter(buffer);
        Write(ref w, map);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    static void Write(ref MessagePackWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNil(); break;
            case bool b: w.Write(b); break;
            case int i: w.Write(i); break;
            case long l: w.Write(l); break;
            case float f: w.Write(f); break;
            case double d: w.Write(d); break;
            case string s: w.Write(s); break;
            case float[] fs: w.WriteArrayHeader(fs.Length); foreach (var f in fs) w.Write(f); break;
            case IReadOnlyDictionary<string, object?> m:
                w.WriteMapHeader(m.Count);
                foreach (var (k, x) in m) { w.Write(k); Write(ref w, x); }
                break;
            case System.Collections.IEnumerable list:
                var items = list.Cast<object?>().ToList();
                w.WriteArrayHeader(items.Count);
                foreach (var x in items) Write(ref w, x);
                break;
            default: throw new ArgumentException($"cannot encode a {v.GetType().Name}");
        }
    }

    /// <summary>A plain value as JSON text (how parameter values travel to the scene and into recordings).</summary>
    public static string ToJson(object? v)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms)) WriteJson(w, v);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    static void WriteJson(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case long l: w.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case double: throw new ArgumentException("parameter values must be finite numbers (no NaN or infinity)");
            case string s: w.WriteStringValue(s); break;
            case List<object?> list:
                w.WriteStartArray();
                foreach (var x in list) WriteJson(w, x);
                w.WriteEndArray();
                break;
            case Dictionary<string, object?> map:
                w.WriteStartObject();
                foreach (var (k, x) in map) { w.WritePropertyName(k); WriteJson(w, x); }
                w.WriteEndObject();
                break;
            default: throw new ArgumentException($"cannot express a {v.GetType().Name} in JSON");
        }
    }
}

/// <summary>A message that breaks the protocol itself; its connection is closed after an error reply.</summary>
public sealed class MalformedMessageException(string message) : Exception(message);
