using System.Text.Json.Serialization;
using ViST.RetinaModel.IO;

namespace ViST.RetinaModel.Head;

/// <summary>
/// The shape of one Vi-ST head (vist-upstream.md section 1.2): a causal dilated residual stage
/// (video_layers blocks of width video_dim on input_dim features, dilations 1, 2, 4, ...), AdaLN-Zero on the
/// summed RF masks, causal multiscale blocks (one list of temporal windows each, no spatial padding) and a
/// linear readout. Everything is inferred from the weight shapes, so any trained size loads.
/// </summary>
public sealed record HeadConfig(
    [property: JsonPropertyName("video_layers")] int VideoLayers,
    [property: JsonPropertyName("video_dim")] int VideoDim,
    [property: JsonPropertyName("input_dim")] int InputDim,
    [property: JsonPropertyName("cells")] int Cells,
    [property: JsonPropertyName("grid")] int Grid,
    [property: JsonPropertyName("windows")] int[][] Windows)
{
    /// <summary>The paper's multiscale windows: four blocks.</summary>
    public static readonly int[][] PaperWindows = [[1, 25], [1, 13, 21], [1, 7, 9], [1, 3, 5]];

    /// <summary>The paper's size on resnet18-l3 features (D = 256): what `vist bench head` times.</summary>
    public static HeadConfig Paper(int inputDim = 256) => new(6, 256, inputDim, 90, 16, PaperWindows);

    // Derived values are not stored in manifests: they follow from the fields above.
    [JsonIgnore] public int Patches => Grid * Grid;
    public int Dilation(int layer) => 1 << layer;

    /// <summary>Spatial size after block <paramref name="block"/> (0-based): every block shrinks 2 px.</summary>
    public int SizeAfter(int block) => Grid - 2 * (block + 1);
    [JsonIgnore] public int ReadoutSize => SizeAfter(Windows.Length - 1);

    /// <summary>Frames of input history the whole head depends on (183 for the paper config).</summary>
    [JsonIgnore] public int ReceptiveField =>
        1 + Enumerable.Range(0, VideoLayers).Sum(i => 2 * Dilation(i)) + Windows.Sum(w => w.Max() - 1);

    public static HeadConfig FromWeights(IReadOnlyDictionary<string, NdArray> w, string source)
    {
        NdArray Get(string key) => w.TryGetValue(key, out var a) ? a
            : throw new InvalidDataException($"{source}: missing weight '{key}' (expected upstream Vi-ST state_dict keys)");

        var inProj = Get("stage1.conv_1x1.weight");
        if (inProj.Rank != 5) throw new InvalidDataException($"{source}: stage1.conv_1x1.weight should be 5-D, got {inProj.ShapeText}");
        int videoDim = (int)inProj.Shape[0], inputDim = (int)inProj.Shape[1];
        int layers = 0;
        while (w.ContainsKey($"stage1.layers.{layers}.conv_dilated.weight")) layers++;
        if (layers == 0) throw new InvalidDataException($"{source}: no stage1.layers.*.conv_dilated.weight");
        int cells = (int)Get("stage1.conv_out.weight").Shape[0];

        var windows = new List<int[]>();
        for (int b = 1; w.ContainsKey($"msb_{b}.embed.0.0.conv.weight"); b++)
        {
            var ws = new List<int>();
            for (int k = 0; w.TryGetValue($"msb_{b}.embed.{k}.0.conv.weight", out var cw); k++) ws.Add((int)cw.Shape[2]);
            windows.Add(ws.ToArray());
        }
        if (windows.Count == 0) throw new InvalidDataException($"{source}: no multiscale blocks (msb_1.embed.0.0.conv.weight)");
        var readout = Get($"msb_{windows.Count + 1}.weight");
        long spatial = readout.Shape[1] / cells;
        int side = (int)Math.Round(Math.Sqrt(spatial));
        if (readout.Rank != 2 || readout.Shape[0] != cells || (long)side * side * cells != readout.Shape[1])
            throw new InvalidDataException($"{source}: readout msb_{windows.Count + 1}.weight {readout.ShapeText} is not [cells, cells*s*s]");
        var cfg = new HeadConfig(layers, videoDim, inputDim, cells, side + 2 * windows.Count, windows.ToArray());
        HeadWeights.CheckShapes(cfg, w, source);
        return cfg;
    }

    public override string ToString() =>
        $"video_layers={VideoLayers} video_dim={VideoDim} input_dim={InputDim} cells={Cells} grid={Grid} windows={string.Join(" ", Windows.Select(x => "[" + string.Join(",", x) + "]"))}";
}
