using ViST.RetinaModel.IO;
using ViST.Tests;

namespace ViST.RetinaModel.Tests;

public class ArrayIoTests
{
    [Fact]
    public void ReadsGoldenNpyFloat32AndFloat64()
    {
        var x = Npy.Read(TestPaths.Golden("vist_small_x.npy"));
        Assert.Equal(DType.Float32, x.DType);
        Assert.Equal(new long[] { 2, 40, 256, 48 }, x.Shape);
        // the golden README's formula, element [1,3,5,7]
        double expected = Math.Sin(0.37 * 2 + 0.11 * 3 + 0.013 * 5 + 0.029 * 7) * Math.Cos(0.07 * 7 - 0.05 * 3);
        float got = ((float[])x.Data)[((1 * 40 + 3) * 256 + 5) * 48 + 7];
        Assert.Equal((float)expected, got);

        var a = Npy.Read(TestPaths.Golden("softdtw_2_a.npy"));
        Assert.Equal(DType.Float64, a.DType);
        Assert.Equal(new long[] { 10, 3 }, a.Shape);
    }

    [Theory]
    [InlineData(DType.Float16)] [InlineData(DType.Float32)] [InlineData(DType.Float64)]
    [InlineData(DType.UInt8)] [InlineData(DType.Int32)] [InlineData(DType.Int64)]
    public void NpyRoundTripsEveryDType(DType t)
    {
        var data = NdArray.Allocate(t, 24);
        for (int i = 0; i < 24; i++)
        {
            int v = i * 3 % 7;
            data.SetValue(t == DType.Float16 ? (Half)v : Convert.ChangeType(v, NdArray.ClrType(t)), i);
        }
        var a = new NdArray(t, [2, 3, 4], data);
        string path = Path.Combine(TestPaths.TempDir(), "a.npy");
        Npy.Write(path, a);
        var b = Npy.Read(path);
        Assert.Equal(a.DType, b.DType);
        Assert.Equal(a.Shape, b.Shape);
        Assert.Equal(a.ToFloat64(), b.ToFloat64());
        var raw = File.ReadAllBytes(path);
        int headerLen = BitConverter.ToUInt16(raw, 8);
        Assert.Equal(0, (10 + headerLen) % 64);
    }

    [Fact]
    public void ReadsVersion2Headers()
    {
        // a v2 header: 4-byte length
        string dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }";
        string header = dict.PadRight(64 - 12 - 1) + "\n";
        using var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0]);
        ms.Write(BitConverter.GetBytes((uint)header.Length));
        ms.Write(System.Text.Encoding.Latin1.GetBytes(header));
        foreach (long v in new long[] { 5, -6, 7 }) ms.Write(BitConverter.GetBytes(v));
        string path = Path.Combine(TestPaths.TempDir(), "v2.npy");
        File.WriteAllBytes(path, ms.ToArray());
        var a = Npy.Read(path);
        Assert.Equal(new long[] { 5, -6, 7 }, (long[])a.Data);
    }

    [Fact]
    public void RejectsFortranOrderUnsupportedDtypeTruncatedAndNonNpy()
    {
        string dir = TestPaths.TempDir();
        string good = Path.Combine(dir, "good.npy");
        Npy.Write(good, new float[] { 1, 2, 3, 4 }, 2, 2);
        var bytes = File.ReadAllBytes(good);

        string fortran = Path.Combine(dir, "fortran.npy");
        File.WriteAllBytes(fortran, Replace(bytes, "'fortran_order': False", "'fortran_order': True "));
        var e1 = Assert.Throws<InvalidDataException>(() => Npy.Read(fortran));
        Assert.Contains("fortran.npy", e1.Message);
        Assert.Contains("Fortran", e1.Message);

        string complex = Path.Combine(dir, "complex.npy");
        File.WriteAllBytes(complex, Replace(bytes, "'<f4'", "'<c8'"));
        var e2 = Assert.Throws<InvalidDataException>(() => Npy.Read(complex));
        Assert.Contains("unsupported dtype '<c8'", e2.Message);

        string truncated = Path.Combine(dir, "truncated.npy");
        File.WriteAllBytes(truncated, bytes[..^3]);
        var e3 = Assert.Throws<InvalidDataException>(() => Npy.Read(truncated));
        Assert.Contains("truncated", e3.Message);

        string text = Path.Combine(dir, "text.npy");
        File.WriteAllText(text, "hello, this is not numpy");
        var e4 = Assert.Throws<InvalidDataException>(() => Npy.Read(text));
        Assert.Contains("not a .npy file", e4.Message);

        Assert.Throws<FileNotFoundException>(() => Npy.Read(Path.Combine(dir, "missing.npy")));
    }

    [Fact]
    public void ReadsGoldenSafetensorsWithUpstreamKeys()
    {
        var w = SafeTensors.Read(TestPaths.Golden("vist_full_weights.safetensors"));
        Assert.Equal(new long[] { 256, 1024, 1, 1, 1 }, w["stage1.conv_1x1.weight"].Shape);
        Assert.Equal(DType.Int64, w["stage1.layers.0.norm.num_batches_tracked"].DType);
        long floats = w.Values.Where(a => a.DType == DType.Float32).Sum(a => a.Length);
        Assert.Equal(1_702_952 + 6 * 2 * 256, floats);   // parameters plus BatchNorm running mean/var
    }

    [Fact]
    public void SafetensorsRoundTripsWithMetadata()
    {
        string path = Path.Combine(TestPaths.TempDir(), "w.safetensors");
        var t = new Dictionary<string, NdArray>
        {
            ["b.weight"] = NdArray.Of(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3),
            ["a.count"] = NdArray.Of(new long[] { 42 }),
            ["c.half"] = NdArray.Of(new[] { (Half)1.5, (Half)(-2) }, 2),
        };
        SafeTensors.Write(path, t, new Dictionary<string, string> { ["format"] = "pt" });
        var back = SafeTensors.ReadWithMetadata(path);
        Assert.Equal("pt", back.Metadata["format"]);
        foreach (var (k, v) in t)
        {
            Assert.Equal(v.Shape, back.Tensors[k].Shape);
            Assert.Equal(v.ToFloat64(), back.Tensors[k].ToFloat64());
        }
        Assert.Equal(0UL, (BitConverter.ToUInt64(File.ReadAllBytes(path), 0) + 8) % 8);
    }

    [Fact]
    public void SafetensorsRejectsGarbage()
    {
        string path = Path.Combine(TestPaths.TempDir(), "bad.safetensors");
        File.WriteAllBytes(path, [16, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'x']);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        Assert.Contains("bad.safetensors", e.Message);
    }

    static byte[] Replace(byte[] src, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        string s = System.Text.Encoding.Latin1.GetString(src);
        Assert.Contains(from, s);
        return System.Text.Encoding.Latin1.GetBytes(s.Replace(from, to));
    }
}

/// <summary>Arrays larger than memory: written piece by piece, read through a memory map.</summary>
public class MappedArrayTests
{
    [Fact]
    public void PiecewiseWrittenArrayMapsBackAndEqualsTheWholeWrite()
    {
        string dir = TestPaths.TempDir();
        var data = Enumerable.Range(0, 6 * 5).Select(i => (Half)(i * 0.5f)).ToArray();
        using (var w = new NpyWriter(Path.Combine(dir, "a.npy"), DType.Float16, 6, 5))
        {
            w.Append<Half>(data.AsSpan(0, 7));
            w.Append<Half>(data.AsSpan(7));
            w.Complete();
        }
        Npy.Write(Path.Combine(dir, "b.npy"), NdArray.Of(data, 6, 5));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "b.npy")), File.ReadAllBytes(Path.Combine(dir, "a.npy")));
        using var map = NpyMap.Open(Path.Combine(dir, "a.npy"));
        Assert.Equal(new long[] { 6, 5 }, map.Shape);
        Assert.Equal(data.AsSpan(12, 9).ToArray(), map.Span<Half>(12, 9).ToArray());
        Assert.Equal(data, (Half[])map.ToArray().Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Span<Half>(25, 6).ToArray());
        Assert.Throws<InvalidOperationException>(() => map.Span<float>(0, 1).ToArray());
    }

    [Fact]
    public void AnIncompleteWriteLeavesNoFileAndTooMuchIsRefused()
    {
        string path = Path.Combine(TestPaths.TempDir(), "a.npy");
        using (var w = new NpyWriter(path, DType.UInt8, 4))
        {
            w.Append<byte>(new byte[3]);
            Assert.Throws<InvalidOperationException>(() => w.Complete());
            Assert.Throws<InvalidOperationException>(() => w.Append<byte>(new byte[2]));
        }
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void ATruncatedFileIsNamedWhenMapped()
    {
        string path = Path.Combine(TestPaths.TempDir(), "t.npy");
        Npy.Write(path, NdArray.Of(new float[100], 10, 10));
        using (var fs = new FileStream(path, FileMode.Open)) fs.SetLength(fs.Length - 8);
        var e = Assert.Throws<InvalidDataException>(() => NpyMap.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }
}
