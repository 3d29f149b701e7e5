using ViST.RetinaModel.IO;

namespace ViST.RetinaModel.Data.Datasets;

/// <summary>
/// A dataset's frames, uint8 [F,360,360]: memory-mapped from frames.npy when loaded (a dataset of tens of
/// thousands of frames is several GB, more than one array may hold), or an array while a dataset is being
/// written. Frames are read by index or as a run of consecutive frames.
/// </summary>
public sealed class FrameStore : IDisposable
{
    public const int Pixels = Dataset.FrameSize * Dataset.FrameSize;
    readonly NpyMap? _map;
    readonly byte[]? _array;

    public int Count { get; }

    FrameStore(NpyMap? map, byte[]? array, int count) { _map = map; _array = array; Count = count; }

    internal static FrameStore Mapped(NpyMap map) => new(map, null, (int)map.Shape[0]);
    internal static FrameStore InMemory(byte[] frames) => new(null, frames, frames.Length / Pixels);

    /// <summary>Frames [start, start+count) as one span of count*360*360 bytes.</summary>
    public ReadOnlySpan<byte> Range(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(start), $"frames [{start},{start + count}) outside the dataset's {Count}");
        return _map != null ? _map.Span<byte>((long)start * Pixels, checked(count * Pixels))
            : _array.AsSpan((int)((long)start * Pixels), count * Pixels);
    }

    public ReadOnlySpan<byte> Frame(int index) => Range(index, 1);

    /// <summary>Every frame copied into one array (small datasets and tests).</summary>
    public byte[] ToArray() => Range(0, Count).ToArray();

    public void Dispose() => _map?.Dispose();
}
