namespace ViST.RetinaModel.Backbones;

/// <summary>Several backbones on the same grid, side by side: each patch's features are the first part's, then the
/// second's (preset "a+b"). Lets a pretrained prior and the luminance a retina encodes first reach the head together.
/// The interleaving happens on the host, so it writes the head's features in host memory (IBackbone's default).</summary>
public sealed class ConcatBackbone : IBackbone
{
    readonly IBackbone[] _parts;
    float[][] _buffers = [];

    public string Name { get; }
    public int Dim { get; }
    public int Grid { get; }
    public string Provider => string.Join(Separator, _parts.Select(p => p.Provider).Distinct());
    const string Separator = "+";

    public ConcatBackbone(string name, IReadOnlyList<IBackbone> parts)
    {
        if (parts.Count < 2) throw new ArgumentException("a combined backbone needs at least two parts");
        if (parts.Any(p => p.Grid != parts[0].Grid)) throw new ArgumentException($"backbone '{name}': the parts' grids differ ({string.Join(", ", parts.Select(p => p.Grid))})");
        _parts = [.. parts]; Name = name; Grid = parts[0].Grid; Dim = parts.Sum(p => p.Dim);
    }

    public void Extract(ReadOnlySpan<byte> frames, int count, Span<float> features)
    {
        int patches = Grid * Grid;
        if (features.Length != count * patches * Dim) throw new ArgumentException($"features buffer has {features.Length} values, [{count},{patches},{Dim}] needs {count * patches * Dim}");
        if (_buffers.Length == 0 || _buffers[0].Length != count * patches * _parts[0].Dim)
            _buffers = _parts.Select(p => new float[count * patches * p.Dim]).ToArray();
        for (int i = 0; i < _parts.Length; i++) _parts[i].Extract(frames, count, _buffers[i]);
        for (int row = 0; row < count * patches; row++)
        {
            int offset = row * Dim;
            for (int i = 0; i < _parts.Length; i++)
            {
                int d = _parts[i].Dim;
                _buffers[i].AsSpan(row * d, d).CopyTo(features.Slice(offset, d));
                offset += d;
            }
        }
    }

    public void Dispose()
    {
        foreach (var p in _parts) p.Dispose();
    }
}
