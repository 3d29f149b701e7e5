using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ViST.RetinaModel.Data.Mat;

/// <summary>
/// Reads MATLAB v5 MAT-files (what `save` writes by default up to -v7, compressed or not): numeric arrays of
/// every class (logical and complex included), char arrays, cell arrays and structs, nested to any depth.
/// Not supported, with a clear error naming the file: v7.3 files (HDF5), v4 files, big-endian files,
/// sparse arrays and MATLAB objects. Little-endian only, which is what every MATLAB since 2006 writes on PCs.
/// </summary>
public sealed class MatFile
{
    public string Path { get; }
    /// <summary>The header's descriptive text ("MATLAB 5.0 MAT-file, Platform: ..., Created on: ...").</summary>
    public string HeaderText { get; }
    public IReadOnlyDictionary<string, MatValue> Variables { get; }

    MatFile(string path, string headerText, IReadOnlyDictionary<string, MatValue> variables)
    {
        Path = path; HeaderText = headerText; Variables = variables;
    }

    const int HeaderBytes = 128;
    static readonly byte[] HdfSignature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    public static MatFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        try { return Parse(path, File.ReadAllBytes(path)); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
    }

    /// <summary>The variable <paramref name="name"/> as a <typeparamref name="T"/>; a clear error naming the file
    /// when it is missing or of another kind.</summary>
    public T Get<T>(string name) where T : MatValue
    {
        if (!Variables.TryGetValue(name, out var v))
            throw new InvalidDataException($"{Path}: no variable '{name}' (it has: {string.Join(", ", Variables.Keys)})");
        return v as T ?? throw new InvalidDataException(
            $"{Path}: variable '{name}' is a {v} array, expected a {KindName(typeof(T))} array");
    }

    static string KindName(Type t) =>
        t == typeof(MatCell) ? "cell" : t == typeof(MatNumeric) ? "numeric" : t == typeof(MatChar) ? "char" : t == typeof(MatStruct) ? "struct" : t.Name;

    static MatFile Parse(string path, byte[] bytes)
    {
        if (bytes.Length >= 512 + HdfSignature.Length && bytes.AsSpan(512, HdfSignature.Length).SequenceEqual(HdfSignature))
            throw new InvalidDataException("this is a MATLAB v7.3 (HDF5) file, which is not supported; re-save it in MATLAB with save(..., '-v7')");
        if (bytes.Length < HeaderBytes)
            throw new InvalidDataException($"not a MATLAB v5 MAT-file (only {bytes.Length} bytes; the header alone is {HeaderBytes})");
        string text = Encoding.ASCII.GetString(bytes, 0, 116).TrimEnd(' ', '\0');
        if (!text.StartsWith("MATLAB", StringComparison.Ordinal))
            throw new InvalidDataException("not a MATLAB v5 MAT-file (no 'MATLAB' header text; MATLAB v4 files are not supported)");
        if (text.StartsWith("MATLAB 7.3", StringComparison.Ordinal))
            throw new InvalidDataException("this is a MATLAB v7.3 (HDF5) file, which is not supported; re-save it in MATLAB with save(..., '-v7')");
        string endian = Encoding.ASCII.GetString(bytes, 126, 2);
        if (endian == "MI") throw new InvalidDataException("big-endian MAT-files are not supported");
        if (endian != "IM") throw new InvalidDataException($"not a MATLAB v5 MAT-file (endian indicator '{endian}')");

        var variables = new Dictionary<string, MatValue>(StringComparer.Ordinal);
        int pos = HeaderBytes;
        while (pos < bytes.Length)
        {
            if (bytes.Length - pos < 8)
                throw new InvalidDataException($"truncated: {bytes.Length - pos} stray bytes at offset {pos} where a data element was expected");
            var element = ReadElement(bytes, ref pos, "top level");
            if (element.Type == MiType.Compressed) element = Decompress(element);
            if (element.Type != MiType.Matrix)
                throw new InvalidDataException($"unexpected top-level data element of type {element.Type} at offset {element.Offset}");
            var (name, value) = ParseMatrix(element.Data, element.Offset);
            variables[name] = value;
        }
        return new MatFile(path, text, variables);
    }

    enum MiType
    {
        Int8 = 1, UInt8 = 2, Int16 = 3, UInt16 = 4, Int32 = 5, UInt32 = 6, Single = 7, Double = 9,
        Int64 = 12, UInt64 = 13, Matrix = 14, Compressed = 15, Utf8 = 16, Utf16 = 17, Utf32 = 18,
    }

    /// <summary>One data element: its type, its payload and where it started (for error messages).</summary>
    readonly record struct Element(MiType Type, ReadOnlyMemory<byte> Data, long Offset);

    /// <summary>Reads the data element at <paramref name="pos"/> and moves past it (and its padding).</summary>
    static Element ReadElement(ReadOnlyMemory<byte> buffer, ref int pos, string context)
    {
        var span = buffer.Span;
        if (span.Length - pos < 8)
            throw new InvalidDataException($"truncated: {context} needs a data element at offset {pos}, only {span.Length - pos} bytes remain");
        uint first = BinaryPrimitives.ReadUInt32LittleEndian(span[pos..]);
        int start = pos;
        if (first >> 16 != 0)
        {
            // Small data element: type and size share the first 4 bytes, the data (<= 4 bytes) the next 4.
            int smallSize = (int)(first >> 16);
            if (smallSize > 4) throw new InvalidDataException($"corrupt small data element at offset {pos} (size {smallSize} > 4)");
            pos += 8;
            return new Element((MiType)(first & 0xFFFF), buffer.Slice(start + 4, smallSize), start);
        }
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 4)..]);
        var type = (MiType)first;
        pos += 8;
        if (size > span.Length - pos)
            throw new InvalidDataException($"truncated: {context}: the {type} element at offset {start} declares {size} bytes, only {span.Length - pos} remain");
        var data = buffer.Slice(pos, (int)size);
        // Every element is padded to 8 bytes, except compressed ones (their size is exact).
        pos += type == MiType.Compressed ? (int)size : (int)Math.Min(span.Length - pos, (size + 7) / 8 * 8);
        return new Element(type, data, start);
    }

    static Element Decompress(Element compressed)
    {
        byte[] inflated;
        try
        {
            using var z = new ZLibStream(new MemoryStream(compressed.Data.ToArray()), CompressionMode.Decompress);
            using var output = new MemoryStream();
            z.CopyTo(output);
            inflated = output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"the compressed element at offset {compressed.Offset} is corrupt or truncated ({e.Message})");
        }
        int pos = 0;
        var inner = ReadElement(inflated, ref pos, $"compressed element at offset {compressed.Offset}");
        return inner with { Offset = compressed.Offset };
    }

    /// <summary>Parses the payload of an miMATRIX element into its name and value.</summary>
    static (string Name, MatValue Value) ParseMatrix(ReadOnlyMemory<byte> data, long offset)
    {
        if (data.Length == 0) return ("", new MatNumeric(MatClass.Double, [0, 0], [], null, false));   // an empty [] in a cell
        int pos = 0;
        string where = $"array at offset {offset}";
        var flags = ReadElement(data, ref pos, where);
        if (flags.Type != MiType.UInt32 || flags.Data.Length < 8) throw new InvalidDataException($"{where}: malformed array flags");
        uint flagWord = BinaryPrimitives.ReadUInt32LittleEndian(flags.Data.Span);
        var cls = (MatClass)(flagWord & 0xFF);
        bool complex = (flagWord & 0x800) != 0, logical = (flagWord & 0x200) != 0;

        var dimsElement = ReadElement(data, ref pos, where);
        int[] dims = ToInt32s(dimsElement, where + " dimensions");
        if (dims.Length < 2 || dims.Any(d => d < 0)) throw new InvalidDataException($"{where}: bad dimensions [{string.Join(",", dims)}]");
        string name = Encoding.ASCII.GetString(ReadElement(data, ref pos, where).Data.Span);
        where = name.Length > 0 ? $"variable '{name}'" : where;
        int count = checked(dims.Aggregate(1, (a, d) => checked(a * d)));

        MatValue value = cls switch
        {
            MatClass.Cell => ParseCell(data, ref pos, dims, count, where),
            MatClass.Struct => ParseStruct(data, ref pos, dims, count, where),
            MatClass.Char => ParseChar(data, ref pos, dims, count, where),
            >= MatClass.Double and <= MatClass.UInt64 => ParseNumeric(data, ref pos, cls, dims, count, complex, logical, where),
            MatClass.Sparse => throw new InvalidDataException($"{where}: sparse arrays are not supported; convert with full() before saving"),
            MatClass.Object => throw new InvalidDataException($"{where}: MATLAB objects are not supported"),
            _ => throw new InvalidDataException($"{where}: unsupported array class {(int)cls}"),
        };
        return (name, value);
    }

    static MatCell ParseCell(ReadOnlyMemory<byte> data, ref int pos, int[] dims, int count, string where)
    {
        var elements = new MatValue[count];
        for (int i = 0; i < count; i++)
        {
            var e = ReadElement(data, ref pos, $"{where}{{{i + 1}}}");
            if (e.Type != MiType.Matrix) throw new InvalidDataException($"{where}{{{i + 1}}}: expected an array element, got {e.Type}");
            elements[i] = ParseMatrix(e.Data, e.Offset).Value;
        }
        return new MatCell(dims, elements);
    }

    static MatStruct ParseStruct(ReadOnlyMemory<byte> data, ref int pos, int[] dims, int count, string where)
    {
        int nameLength = ToInt32s(ReadElement(data, ref pos, where), where + " field name length").FirstOrDefault();
        var namesData = ReadElement(data, ref pos, where).Data.Span;
        if (nameLength <= 0 || namesData.Length % nameLength != 0) throw new InvalidDataException($"{where}: malformed struct field names");
        var names = new string[namesData.Length / nameLength];
        for (int f = 0; f < names.Length; f++)
            names[f] = Encoding.ASCII.GetString(namesData.Slice(f * nameLength, nameLength)).TrimEnd('\0');
        var elements = new IReadOnlyDictionary<string, MatValue>[count];
        for (int i = 0; i < count; i++)
        {
            var fields = new Dictionary<string, MatValue>(StringComparer.Ordinal);
            foreach (var field in names)
            {
                var e = ReadElement(data, ref pos, $"{where}({i + 1}).{field}");
                fields[field] = ParseMatrix(e.Data, e.Offset).Value;
            }
            elements[i] = fields;
        }
        return new MatStruct(dims, names, elements);
    }

    static MatChar ParseChar(ReadOnlyMemory<byte> data, ref int pos, int[] dims, int count, string where)
    {
        var e = ReadElement(data, ref pos, where);
        string text = e.Type switch
        {
            MiType.Utf8 or MiType.UInt8 or MiType.Int8 => Encoding.UTF8.GetString(e.Data.Span),
            MiType.Utf16 or MiType.UInt16 => Encoding.Unicode.GetString(e.Data.Span),
            MiType.Utf32 => Encoding.UTF32.GetString(e.Data.Span),
            _ => throw new InvalidDataException($"{where}: char data stored as {e.Type} is not supported"),
        };
        if (text.Length != count) throw new InvalidDataException($"{where}: {text.Length} characters for a {string.Join("x", dims)} char array");
        return new MatChar(dims, text);
    }

    static MatNumeric ParseNumeric(ReadOnlyMemory<byte> data, ref int pos, MatClass cls, int[] dims, int count,
        bool complex, bool logical, string where)
    {
        double[] real = ToDoubles(ReadElement(data, ref pos, where), where);
        if (real.Length != count)
            throw new InvalidDataException($"{where}: {real.Length} values for a {string.Join("x", dims)} array");
        double[]? imaginary = null;
        if (complex)
        {
            imaginary = ToDoubles(ReadElement(data, ref pos, where + " (imaginary part)"), where);
            if (imaginary.Length != count) throw new InvalidDataException($"{where}: imaginary part has {imaginary.Length} values, expected {count}");
        }
        return new MatNumeric(cls, dims, real, imaginary, logical);
    }

    static int[] ToInt32s(Element e, string where) => e.Type == MiType.Int32
        ? Enumerable.Range(0, e.Data.Length / 4).Select(i => BinaryPrimitives.ReadInt32LittleEndian(e.Data.Span[(i * 4)..])).ToArray()
        : Array.ConvertAll(ToDoubles(e, where), v => (int)v);

    /// <summary>Numeric data of any storage type as doubles. MATLAB often stores values in a smaller type than the
    /// array's class (e.g. a double array of small integers as miUINT8), so the storage type is read, not assumed.</summary>
    static double[] ToDoubles(Element e, string where)
    {
        var s = e.Data.Span;
        int size = e.Type switch
        {
            MiType.Int8 or MiType.UInt8 => 1, MiType.Int16 or MiType.UInt16 => 2,
            MiType.Int32 or MiType.UInt32 or MiType.Single => 4, MiType.Double or MiType.Int64 or MiType.UInt64 => 8,
            _ => throw new InvalidDataException($"{where}: numeric data stored as {e.Type} is not supported"),
        };
        if (s.Length % size != 0) throw new InvalidDataException($"{where}: {s.Length} bytes is not a whole number of {e.Type} values");
        var v = new double[s.Length / size];
        for (int i = 0; i < v.Length; i++)
        {
            var b = s[(i * size)..];
            v[i] = e.Type switch
            {
                MiType.Int8 => (sbyte)b[0],
                MiType.UInt8 => b[0],
                MiType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(b),
                MiType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(b),
                MiType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(b),
                MiType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(b),
                MiType.Single => BinaryPrimitives.ReadSingleLittleEndian(b),
                MiType.Double => BinaryPrimitives.ReadDoubleLittleEndian(b),
                MiType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(b),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(b),
            };
        }
        return v;
    }
}
