using System.Text;
using System.Text.RegularExpressions;

namespace ViST.RetinaModel.IO;

/// <summary>
/// NumPy .npy files (format versions 1.0, 2.0 and 3.0), little-endian, C order.
/// Errors name the file and say what is wrong (Fortran order, an unsupported dtype, a truncated file).
/// </summary>
public static partial class Npy
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NdArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        try { return Read(fs, fs.Length); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException) { throw new InvalidDataException($"{path}: {e.Message}", e); }
    }

    /// <summary>Reads one array from <paramref name="s"/>; <paramref name="available"/> bytes remain in it.</summary>
    public static NdArray Read(Stream s, long available)
    {
        var (dtype, shape, headerLen) = ReadHeader(s, available);
        long n = NdArray.ElementCount(shape);
        long bytes = n * NdArray.ElementSize(dtype);
        if (available - headerLen < bytes)
            throw new InvalidDataException($"truncated: shape [{string.Join(",", shape)}] {dtype} needs {bytes} data bytes, file has {available - headerLen}");
        var arr = new NdArray(dtype, shape, NdArray.Allocate(dtype, n));
        s.ReadExactly(arr.AsBytes());
        return arr;
    }

    internal static (DType DType, long[] Shape, long HeaderLength) ReadHeader(Stream s, long available)
    {
        if (available < 10) throw new InvalidDataException("not a .npy file (too short)");
        Span<byte> pre = stackalloc byte[10];
        s.ReadExactly(pre);
        if (!pre[..6].SequenceEqual(Magic)) throw new InvalidDataException("not a .npy file (bad magic bytes)");
        int major = pre[6];
        long headerLen; int prefix;
        if (major == 1) { headerLen = BitConverter.ToUInt16(pre[8..10]); prefix = 10; }
        else if (major is 2 or 3)
        {
            Span<byte> more = stackalloc byte[2];
            s.ReadExactly(more);
            headerLen = BitConverter.ToUInt32([pre[8], pre[9], more[0], more[1]]); prefix = 12;
        }
        else throw new InvalidDataException($"unsupported .npy format version {major}.{pre[7]}");
        if (prefix + headerLen > available) throw new InvalidDataException("truncated header");
        var hb = new byte[headerLen];
        s.ReadExactly(hb);
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(hb);

        var descr = DescrRe().Match(header);
        var fortran = FortranRe().Match(header);
        var shapeM = ShapeRe().Match(header);
        if (!descr.Success || !fortran.Success || !shapeM.Success)
            throw new InvalidDataException($"malformed header: {header.Trim()}");
        if (fortran.Groups[1].Value == "True")
            throw new InvalidDataException("Fortran-order arrays are not supported; save with np.ascontiguousarray(a)");
        var dtype = ParseDescr(descr.Groups[1].Value);
        var dims = shapeM.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new long[dims.Length];
        for (int i = 0; i < dims.Length; i++)
            if (!long.TryParse(dims[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out shape[i]))
                throw new InvalidDataException($"malformed shape ({shapeM.Groups[1].Value}): dimensions are whole numbers >= 0");
        // the element count and byte size must fit a long (a corrupt header can claim anything)
        try { checked { _ = NdArray.ElementCount(shape) * NdArray.ElementSize(dtype); } }
        catch (OverflowException) { throw new InvalidDataException($"shape [{string.Join(",", shape)}] is too large for any file"); }
        return (dtype, shape, prefix + headerLen);
    }

    static DType ParseDescr(string d) => d switch
    {
        "<f2" => DType.Float16, "<f4" => DType.Float32, "<f8" => DType.Float64,
        "|u1" or "<u1" or ">u1" => DType.UInt8, "<i4" => DType.Int32, "<i8" => DType.Int64,
        _ => throw new InvalidDataException(
            $"unsupported dtype '{d}' (supported: little-endian float16/32/64, uint8, int32, int64)"),
    };

    static string Descr(DType t) => t switch
    {
        DType.Float16 => "<f2", DType.Float32 => "<f4", DType.Float64 => "<f8",
        DType.UInt8 => "|u1", DType.Int32 => "<i4", DType.Int64 => "<i8",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>Writes a version 1.0 file (2.0 when the header would not fit), atomically via a temp file.</summary>
    public static void Write(string path, NdArray a)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        string tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            Write(fs, a);
        File.Move(tmp, path, overwrite: true);
    }

    public static void Write(string path, float[] data, params long[] shape) => Write(path, NdArray.Of(data, shape));
    public static void Write(string path, double[] data, params long[] shape) => Write(path, NdArray.Of(data, shape));
    public static void Write(string path, byte[] data, params long[] shape) => Write(path, NdArray.Of(data, shape));

    public static void Write(Stream s, NdArray a)
    {
        WriteHeader(s, a.DType, a.Shape);
        s.Write(a.AsBytes());
    }

    /// <summary>The header of an array of this dtype and shape; the data follows it, C order.</summary>
    internal static void WriteHeader(Stream s, DType dtype, IReadOnlyList<long> shape)
    {
        string shapeText = shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{Descr(dtype)}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int major = dict.Length + 11 <= ushort.MaxValue ? 1 : 2;
        int prefix = major == 1 ? 10 : 12;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;          // header padded to 64 bytes
        string header = dict.PadRight(total - prefix - 1) + "\n";
        s.Write(Magic);
        s.WriteByte((byte)major); s.WriteByte(0);
        if (major == 1) s.Write(BitConverter.GetBytes((ushort)header.Length));
        else s.Write(BitConverter.GetBytes((uint)header.Length));
        s.Write(Encoding.Latin1.GetBytes(header));
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")] private static partial Regex DescrRe();
    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")] private static partial Regex FortranRe();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")] private static partial Regex ShapeRe();
}
