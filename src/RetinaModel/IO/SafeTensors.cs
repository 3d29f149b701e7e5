using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ViST.RetinaModel.IO;

/// <summary>
/// The .safetensors format (8-byte little-endian header length, a JSON header of
/// {name: {dtype, shape, data_offsets}} plus optional "__metadata__", then the raw little-endian data).
/// PyTorch reads what this writes with safetensors.torch.load_file.
/// </summary>
public static class SafeTensors
{
    public sealed record Content(IReadOnlyDictionary<string, NdArray> Tensors, IReadOnlyDictionary<string, string> Metadata);

    public static Dictionary<string, NdArray> Read(string path) => new(ReadWithMetadata(path).Tensors);

    public static Content ReadWithMetadata(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        var bytes = File.ReadAllBytes(path);
        try { return Parse(bytes); }
        catch (Exception e) when (e is JsonException or InvalidDataException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a valid .safetensors file: {e.Message}", e);
        }
    }

    static Content Parse(byte[] bytes)
    {
        if (bytes.Length < 8) throw new InvalidDataException("too short");
        ulong hlen = BitConverter.ToUInt64(bytes, 0);
        if (hlen > (ulong)(bytes.Length - 8)) throw new InvalidDataException($"header length {hlen} exceeds the file");
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)hlen))!.AsObject();
        long dataStart = 8 + (long)hlen;
        var tensors = new Dictionary<string, NdArray>();
        var meta = new Dictionary<string, string>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (k, v) in node!.AsObject()) meta[k] = v!.GetValue<string>();
                continue;
            }
            var o = node!.AsObject();
            var dtype = ParseDType(o["dtype"]!.GetValue<string>(), name);
            var shape = o["shape"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
            var offs = o["data_offsets"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
            long n = NdArray.ElementCount(shape);
            long size = n * NdArray.ElementSize(dtype);
            if (offs.Length != 2 || offs[1] - offs[0] != size || dataStart + offs[1] > bytes.Length)
                throw new InvalidDataException($"tensor '{name}': data_offsets [{string.Join(",", offs)}] do not fit shape [{string.Join(",", shape)}] {dtype} or the file");
            var arr = new NdArray(dtype, shape, NdArray.Allocate(dtype, n));
            bytes.AsSpan((int)(dataStart + offs[0]), (int)size).CopyTo(arr.AsBytes());
            tensors[name] = arr;
        }
        return new Content(tensors, meta);
    }

    static DType ParseDType(string s, string name) => s switch
    {
        "F16" => DType.Float16, "F32" => DType.Float32, "F64" => DType.Float64,
        "U8" => DType.UInt8, "I32" => DType.Int32, "I64" => DType.Int64,
        _ => throw new InvalidDataException($"tensor '{name}': unsupported dtype {s}"),
    };

    static string DTypeName(DType t) => t switch
    {
        DType.Float16 => "F16", DType.Float32 => "F32", DType.Float64 => "F64",
        DType.UInt8 => "U8", DType.Int32 => "I32", DType.Int64 => "I64",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>Writes tensors in the given order (keys sorted, as the reference implementation does), atomically.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, NdArray> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var m = new JsonObject();
            foreach (var (k, v) in metadata) m[k] = v;
            header["__metadata__"] = m;
        }
        long offset = 0;
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            var t = tensors[name];
            long size = t.Length * NdArray.ElementSize(t.DType);
            header[name] = new JsonObject
            {
                ["dtype"] = DTypeName(t.DType),
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }
        var hb = Encoding.UTF8.GetBytes(header.ToJsonString());
        int pad = (8 - hb.Length % 8) % 8;                       // keep the data 8-byte aligned
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(BitConverter.GetBytes((ulong)(hb.Length + pad)));
            fs.Write(hb);
            for (int i = 0; i < pad; i++) fs.WriteByte((byte)' ');
            foreach (var name in names) fs.Write(tensors[name].AsBytes());
        }
        File.Move(tmp, path, overwrite: true);
    }
}
