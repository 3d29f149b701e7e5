using System.Collections.Immutable;
using System.Globalization;

namespace ViST.Renderer.Scenes;

/// <summary>
/// A stimulus scene: a seed, a background luminance and layers composited bottom to top. Immutable, so a frame
/// is a pure function of (scene, frame index); sweeps build variants with <see cref="WithParam"/>, live runs
/// swap the whole scene (see <see cref="SceneFrameSource.SetParam"/>).
/// </summary>
public sealed class Scene
{
    public long Seed { get; }
    /// <summary>Linear luminance in [0, 1] where no layer draws, and the mean that contrasts refer to.</summary>
    public double Background { get; }
    public ImmutableArray<Layer> Layers { get; }

    public Scene(long seed, double background, IEnumerable<Layer> layers)
    {
        if (seed < 0 || seed > uint.MaxValue) throw new ArgumentException($"seed: expected an integer in [0, {uint.MaxValue}]; got {seed}");
        if (!(background >= 0 && background <= 1)) throw new ArgumentException($"background: expected a luminance in [0, 1]; got {background}");
        Seed = seed; Background = background; Layers = [.. layers];
        var ids = Layers.Where(l => l.Id != null).GroupBy(l => l.Id).FirstOrDefault(g => g.Count() > 1);
        if (ids != null) throw new ArgumentException($"id: \"{ids.Key}\" names more than one layer");
    }

    public Scene(long seed, double background, params Layer[] layers) : this(seed, background, (IEnumerable<Layer>)layers) { }

    /// <summary>The index of the layer named by an id or by its position ("0", "1", ...).</summary>
    public int IndexOf(string layer)
    {
        for (int i = 0; i < Layers.Length; i++) if (Layers[i].Id == layer) return i;
        if (int.TryParse(layer, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k < Layers.Length) return k;
        throw new ArgumentException($"layer \"{layer}\": no layer has this id or index (layers: " +
            string.Join(", ", Layers.Select((l, i) => $"{i}={l}")) + ")");
    }

    /// <summary>A copy with one layer parameter changed, validated like the scene file.</summary>
    public Scene WithParam(string layer, string name, object? value) => WithParam(IndexOf(layer), name, value);

    public Scene WithParam(int layerIndex, string name, object? value)
    {
        if (layerIndex < 0 || layerIndex >= Layers.Length)
            throw new ArgumentException($"layer {layerIndex}: the scene has {Layers.Length} layers");
        Layer changed;
        try { changed = Layers[layerIndex].With(name, value); }
        catch (ArgumentException e) { throw new ArgumentException($"layers[{layerIndex}] ({Layers[layerIndex]}) {e.Message}", e); }
        return new Scene(Seed, Background, Layers.SetItem(layerIndex, changed));
    }

    public Scene WithLayer(int layerIndex, Layer layer) => new(Seed, Background, Layers.SetItem(layerIndex, layer));
    public Scene WithSeed(long seed) => new(seed, Background, Layers);

    public string ToJson() => SceneJson.Write(this);
}
