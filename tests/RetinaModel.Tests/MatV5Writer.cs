using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ViST.RetinaModel.Tests;

/// <summary>
/// A minimal MATLAB v5 MAT-file writer for test fixtures (the reader's counterpart): double and int32 arrays,
/// char rows and cell arrays nested to any depth, each variable optionally zlib-compressed as MATLAB -v7 does.
/// Values are column-major, as in MATLAB.
/// </summary>
public static class MatV5Writer
{
    public abstract record Value(int[] Dims);
    public sealed record Doubles(int[] Dims, double[] Data) : Value(Dims);
    public sealed record Int32s(int[] Dims, int[] Data) : Value(Dims);
    public sealed record Chars(string Text) : Value([1, Text.Length]);
    public sealed record Cell(int[] Dims, Value[] Elements) : Value(Dims);

    public static Doubles Scalar(double v) => new([1, 1], [v]);
    public static Int32s Column(params int[] v) => new([v.Length, 1], v);
    /// <summary>A rows x columns double matrix from row-major values (stored column-major).</summary>
    public static Doubles Matrix(int rows, int columns, params double[] rowMajor) =>
        new([rows, columns], Enumerable.Range(0, rows * columns).Select(k => rowMajor[(k % rows) * columns + k / rows]).ToArray());

    public static void Write(string path, bool compress, params (string Name, Value Value)[] variables)
    {
        using var fs = File.Create(path);
        var header = new byte[128];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, written by the ViST test suite".PadRight(116)).CopyTo(header, 0);
        header[124] = 0x00; header[125] = 0x01;                 // version 0x0100
        header[126] = (byte)'I'; header[127] = (byte)'M';       // little-endian
        fs.Write(header);
        foreach (var (name, value) in variables)
        {
            var matrix = MatrixElement(name, value);
            if (!compress) { fs.Write(matrix); continue; }
            using var packed = new MemoryStream();
            using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(matrix);
            fs.Write(Tag(15, (int)packed.Length));
            fs.Write(packed.ToArray());
        }
    }

    static byte[] MatrixElement(string name, Value value)
    {
        using var body = new MemoryStream();
        var (cls, payload) = value switch
        {
            Doubles d => (6, Element(9, d.Data.SelectMany(BitConverter.GetBytes).ToArray())),
            Int32s i => (12, Element(5, i.Data.SelectMany(BitConverter.GetBytes).ToArray())),
            Chars c => (4, Element(4, Encoding.Unicode.GetBytes(c.Text))),
            Cell c => (1, c.Elements.SelectMany(e => MatrixElement("", e)).ToArray()),
            _ => throw new ArgumentException(value.GetType().Name),
        };
        var flags = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)cls);
        body.Write(Element(6, flags));
        body.Write(Element(5, value.Dims.SelectMany(BitConverter.GetBytes).ToArray()));
        body.Write(Element(1, Encoding.ASCII.GetBytes(name)));
        body.Write(payload);
        return Element(14, body.ToArray());
    }

    /// <summary>A data element: 8-byte tag, data, zero padding to 8 bytes.</summary>
    static byte[] Element(int type, byte[] data)
    {
        var e = new byte[8 + (data.Length + 7) / 8 * 8];
        Tag(type, data.Length).CopyTo(e, 0);
        data.CopyTo(e, 8);
        return e;
    }

    static byte[] Tag(int type, int size)
    {
        var t = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(t, type);
        BinaryPrimitives.WriteInt32LittleEndian(t.AsSpan(4), size);
        return t;
    }
}
