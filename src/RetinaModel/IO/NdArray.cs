namespace ViST.RetinaModel.IO;

/// <summary>Element types the project reads and writes (.npy and .safetensors).</summary>
public enum DType { Float16, Float32, Float64, UInt8, Int32, Int64 }

/// <summary>
/// A dense C-order array: a shape and one typed buffer (float[], double[], Half[], byte[], int[] or long[]).
/// Deliberately small: it is the exchange format between files and the model code, not a tensor library.
/// </summary>
public sealed class NdArray
{
    public DType DType { get; }
    public long[] Shape { get; }
    public Array Data { get; }

    public NdArray(DType dtype, long[] shape, Array data)
    {
        long n = ElementCount(shape);
        if (data.LongLength != n)
            throw new ArgumentException($"data has {data.LongLength} elements but shape [{string.Join(",", shape)}] needs {n}");
        if (data.GetType() != ClrType(dtype).MakeArrayType())
            throw new ArgumentException($"data is {data.GetType().Name} but dtype is {dtype}");
        DType = dtype; Shape = (long[])shape.Clone(); Data = data;
    }

    public static NdArray Of(float[] data, params long[] shape) => new(DType.Float32, shape, data);
    public static NdArray Of(double[] data, params long[] shape) => new(DType.Float64, shape, data);
    public static NdArray Of(Half[] data, params long[] shape) => new(DType.Float16, shape, data);
    public static NdArray Of(byte[] data, params long[] shape) => new(DType.UInt8, shape, data);
    public static NdArray Of(int[] data, params long[] shape) => new(DType.Int32, shape, data);
    public static NdArray Of(long[] data, params long[] shape) => new(DType.Int64, shape, data);

    public int Rank => Shape.Length;
    public long Length => Data.LongLength;
    public string ShapeText => "[" + string.Join(",", Shape) + "]";

    public static long ElementCount(IReadOnlyList<long> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d}");
            n = checked(n * d);
        }
        return n;
    }

    public static int ElementSize(DType t) => t switch
    {
        DType.Float16 => 2, DType.Float32 => 4, DType.Float64 => 8,
        DType.UInt8 => 1, DType.Int32 => 4, DType.Int64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static Type ClrType(DType t) => t switch
    {
        DType.Float16 => typeof(Half), DType.Float32 => typeof(float), DType.Float64 => typeof(double),
        DType.UInt8 => typeof(byte), DType.Int32 => typeof(int), DType.Int64 => typeof(long),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>The data as float32, converting (a copy) when the dtype differs.</summary>
    public float[] ToFloat32() => Data switch
    {
        float[] f => f,
        double[] d => Array.ConvertAll(d, v => (float)v),
        Half[] h => Array.ConvertAll(h, v => (float)v),
        byte[] b => Array.ConvertAll(b, v => (float)v),
        int[] i => Array.ConvertAll(i, v => (float)v),
        long[] l => Array.ConvertAll(l, v => (float)v),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The data as float64, converting (a copy) when the dtype differs.</summary>
    public double[] ToFloat64() => Data switch
    {
        double[] d => d,
        float[] f => Array.ConvertAll(f, v => (double)v),
        Half[] h => Array.ConvertAll(h, v => (double)v),
        byte[] b => Array.ConvertAll(b, v => (double)v),
        int[] i => Array.ConvertAll(i, v => (double)v),
        long[] l => Array.ConvertAll(l, v => (double)v),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Throws a clear error unless the shape matches; -1 in <paramref name="expected"/> matches any size.</summary>
    public NdArray RequireShape(string what, params long[] expected)
    {
        bool ok = expected.Length == Shape.Length;
        for (int i = 0; ok && i < expected.Length; i++) ok = expected[i] < 0 || expected[i] == Shape[i];
        if (!ok)
        {
            string want = "[" + string.Join(",", expected.Select(e => e < 0 ? "*" : e.ToString())) + "]";
            throw new InvalidDataException($"{what}: expected shape {want}, got {ShapeText}");
        }
        return this;
    }

    internal Span<byte> AsBytes() => Data switch
    {
        float[] f => System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.AsSpan()),
        double[] d => System.Runtime.InteropServices.MemoryMarshal.AsBytes(d.AsSpan()),
        Half[] h => System.Runtime.InteropServices.MemoryMarshal.AsBytes(h.AsSpan()),
        byte[] b => b.AsSpan(),
        int[] i => System.Runtime.InteropServices.MemoryMarshal.AsBytes(i.AsSpan()),
        long[] l => System.Runtime.InteropServices.MemoryMarshal.AsBytes(l.AsSpan()),
        _ => throw new InvalidOperationException(),
    };

    internal static Array Allocate(DType t, long n) => t switch
    {
        DType.Float16 => new Half[n], DType.Float32 => new float[n], DType.Float64 => new double[n],
        DType.UInt8 => new byte[n], DType.Int32 => new int[n], DType.Int64 => new long[n],
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };
}
