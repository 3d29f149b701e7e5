using System.IO.MemoryMappedFiles;

namespace ViST.RetinaModel.IO;

/// <summary>
/// A .npy file mapped read-only into memory instead of read into an array: datasets of tens of thousands of
/// frames (frames.npy, feature caches) are larger than one .NET array may be and than memory should hold.
/// The operating system pages in what is touched and may drop it again, so resident memory follows use, not
/// file size. Slices are spans over the mapping; they stay valid until the map is disposed.
/// </summary>
public sealed unsafe class NpyMap : IDisposable
{
    readonly MemoryMappedFile _file;
    readonly MemoryMappedViewAccessor _view;
    readonly byte* _data;

    public string Path { get; }
    public DType DType { get; }
    public long[] Shape { get; }
    public long Length { get; }
    public int Rank => Shape.Length;
    public string ShapeText => "[" + string.Join(",", Shape) + "]";

    NpyMap(string path, DType dtype, long[] shape, MemoryMappedFile file, MemoryMappedViewAccessor view, byte* data)
    {
        Path = path; DType = dtype; Shape = shape; Length = NdArray.ElementCount(shape);
        _file = file; _view = view; _data = data;
    }

    /// <summary>Maps <paramref name="path"/>; errors name the file (missing, not .npy, truncated).</summary>
    public static NpyMap Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        DType dtype; long[] shape; long headerLength, fileLength;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            fileLength = fs.Length;
            try { (dtype, shape, headerLength) = Npy.ReadHeader(fs, fileLength); }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException) { throw new InvalidDataException($"{path}: {e.Message}", e); }
        }
        long bytes = NdArray.ElementCount(shape) * NdArray.ElementSize(dtype);
        if (fileLength - headerLength < bytes)
            throw new InvalidDataException($"{path}: truncated: shape [{string.Join(",", shape)}] {dtype} needs {bytes} data bytes, file has {fileLength - headerLength}");
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        return new NpyMap(path, dtype, shape, file, view, p + view.PointerOffset + headerLength);
    }

    /// <summary><paramref name="count"/> elements from element <paramref name="start"/> (flat, C order).</summary>
    public ReadOnlySpan<T> Span<T>(long start, int count) where T : unmanaged
    {
        if (NdArray.ClrType(DType) != typeof(T)) throw new InvalidOperationException($"{Path}: holds {DType}, not {typeof(T).Name}");
        if (start < 0 || count < 0 || start + count > Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"{Path}: elements [{start},{start + count}) outside [0,{Length})");
        return new ReadOnlySpan<T>(_data + start * sizeof(T), count);
    }

    /// <summary>Copies the whole array into memory (for the small arrays of a dataset).</summary>
    public NdArray ToArray()
    {
        var array = new NdArray(DType, Shape, NdArray.Allocate(DType, Length));
        new ReadOnlySpan<byte>(_data, checked((int)(Length * NdArray.ElementSize(DType)))).CopyTo(array.AsBytes());
        return array;
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
