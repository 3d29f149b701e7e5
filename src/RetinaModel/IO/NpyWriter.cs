namespace ViST.RetinaModel.IO;

/// <summary>
/// Writes a .npy file of a known shape piece by piece, in C order, so that arrays larger than memory (a dataset's
/// frames, a feature cache) never exist whole. The data goes to "PATH.tmp" and becomes PATH only in
/// <see cref="Complete"/>, once every element has been written: an interrupted writer leaves no half file under
/// the real name.
/// </summary>
public sealed class NpyWriter : IDisposable
{
    readonly FileStream _stream;
    readonly string _path, _tmp;
    readonly long _total;
    long _written;
    bool _done;

    public DType DType { get; }
    public long[] Shape { get; }
    public long Written => _written;

    public NpyWriter(string path, DType dtype, params long[] shape)
    {
        _path = path; _tmp = path + ".tmp";
        DType = dtype; Shape = (long[])shape.Clone();
        _total = NdArray.ElementCount(shape);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _stream = new FileStream(_tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Npy.WriteHeader(_stream, dtype, shape);
    }

    /// <summary>Appends the next elements.</summary>
    public void Append<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        if (NdArray.ClrType(DType) != typeof(T)) throw new ArgumentException($"{_path}: the array is {DType}, not {typeof(T).Name}");
        if (_written + values.Length > _total)
            throw new InvalidOperationException($"{_path}: {_written + values.Length} elements written, the shape [{string.Join(",", Shape)}] holds {_total}");
        _stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        _written += values.Length;
    }

    /// <summary>Closes the file and gives it its name; every element must have been written.</summary>
    public void Complete()
    {
        if (_written != _total)
            throw new InvalidOperationException($"{_path}: {_written} of {_total} elements written");
        _stream.Dispose();
        File.Move(_tmp, _path, overwrite: true);
        _done = true;
    }

    /// <summary>Without <see cref="Complete"/> (an error, a cancel) the partial file is removed.</summary>
    public void Dispose()
    {
        if (_done) return;
        _stream.Dispose();
        try { File.Delete(_tmp); } catch (IOException) { }
    }
}
