using System.Text.RegularExpressions;
using TorchSharp;
using ViST.RetinaModel.IO;
using static TorchSharp.torch;

namespace ViST.Trainer.Model;

/// <summary>
/// Vi-ST weights in .safetensors under the upstream PyTorch state_dict keys (float32 tensors, int64
/// BatchNorm num_batches_tracked). Loading is strict: every key present with its exact shape, nothing extra.
/// An ablated network (see <see cref="ViStConfig.Ablations"/>) records its switches in the file's metadata under
/// <see cref="AblationsKey"/>: "condition as video" and the causality switches cannot be read off the shapes.
/// </summary>
public static partial class ViStWeights
{
    public const string AblationsKey = "vist_ablations";

    /// <summary>Reads a weights file and builds the network it describes (config inferred from the shapes and the
    /// recorded ablations unless given), in eval mode.</summary>
    public static ViStNetwork Load(string path, ViStConfig? config = null)
    {
        var content = SafeTensors.ReadWithMetadata(path);
        var tensors = content.Tensors;
        if (config is null)
        {
            config = InferConfig(tensors, path);
            if (content.Metadata.TryGetValue(AblationsKey, out var recorded))
            {
                try { config = config.WithAblations(recorded.Split(',', StringSplitOptions.RemoveEmptyEntries)); }
                catch (ArgumentException e) { throw new InvalidDataException($"{path}: metadata {AblationsKey}: {e.Message}", e); }
            }
        }
        var net = new ViStNetwork(config);
        LoadInto(net, tensors, path);
        net.eval();
        return net;
    }

    /// <summary>Copies <paramref name="tensors"/> into <paramref name="net"/>; any missing, unexpected or
    /// mis-shaped key is an error listing all of them.</summary>
    public static void LoadInto(ViStNetwork net, IReadOnlyDictionary<string, NdArray> tensors, string source)
    {
        var targets = net.state_dict();
        var missing = targets.Keys.Where(k => !tensors.ContainsKey(k)).ToList();
        var unexpected = tensors.Keys.Where(k => !targets.ContainsKey(k)).ToList();
        var misShaped = targets.Where(kv => tensors.TryGetValue(kv.Key, out var a) && !a.Shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key} is {tensors[kv.Key].ShapeText}, expected [{string.Join(",", kv.Value.shape)}]").ToList();
        if (missing.Count + unexpected.Count + misShaped.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"missing keys: {string.Join(", ", missing)}");
            if (unexpected.Count > 0) problems.Add($"unexpected keys: {string.Join(", ", unexpected)}");
            if (misShaped.Count > 0) problems.Add($"wrong shapes: {string.Join("; ", misShaped)}");
            throw new InvalidDataException($"{source}: not Vi-ST weights for {net.Config}: {string.Join("; ", problems)}");
        }
        using var _ = no_grad();
        foreach (var (key, target) in targets)
        {
            using var value = ToTensor(tensors[key]);
            target.copy_(value);
        }
    }

    /// <summary>Writes the network's state_dict under the upstream keys, its ablations (if any) in the metadata.</summary>
    public static void Save(ViStNetwork net, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>());
        if (!net.Config.IsPaperNetwork) meta[AblationsKey] = string.Join(",", net.Config.Ablations);
        var arrays = new Dictionary<string, NdArray>();
        foreach (var (key, t) in net.state_dict())
        {
            using var cpu = t.detach().cpu().contiguous();
            long[] shape = cpu.shape;
            arrays[key] = cpu.dtype switch
            {
                ScalarType.Float32 => NdArray.Of(cpu.data<float>().ToArray(), shape),
                ScalarType.Int64 => NdArray.Of(cpu.data<long>().ToArray(), shape),
                var d => throw new InvalidOperationException($"{key}: cannot save dtype {d}"),
            };
        }
        SafeTensors.Write(path, arrays, meta.Count > 0 ? meta : null);
    }

    /// <summary>The configuration a set of upstream weights was made for, read off the tensor shapes: size, and the
    /// structural ablations (no AdaLN keys, no stage-1 conv_1x1, window-1 branches only); causality of the video
    /// stage and the video condition are not visible there (see <see cref="AblationsKey"/>).</summary>
    public static ViStConfig InferConfig(IReadOnlyDictionary<string, NdArray> tensors, string source)
    {
        NdArray Get(string key) => tensors.TryGetValue(key, out var a) ? a
            : throw new InvalidDataException($"{source}: not Vi-ST weights: no tensor '{key}'");
        var output = Get("stage1.conv_out.weight");
        bool extractor = tensors.ContainsKey("stage1.conv_1x1.weight");
        var input = extractor ? Get("stage1.conv_1x1.weight") : output;
        var readout = Get("msb_5.weight");
        if (input.Rank != 5 || output.Rank != 5 || readout.Rank != 2)
            throw new InvalidDataException($"{source}: not Vi-ST weights: stage1.conv_1x1.weight {input.ShapeText}, stage1.conv_out.weight {output.ShapeText}, msb_5.weight {readout.ShapeText}");
        int layers = !extractor ? 1 : tensors.Keys.Select(k => LayerKey().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(-1).Max() + 1;
        int cells = (int)output.Shape[0];
        long perCell = readout.Shape[1] / Math.Max(1, cells);
        int side = (int)Math.Round(Math.Sqrt(perCell));
        if (layers < 1 || readout.Shape[1] != (long)side * side * cells)
            throw new InvalidDataException($"{source}: not Vi-ST weights: {layers} stage1 layers, msb_5.weight {readout.ShapeText} for {cells} cells");
        bool causal = tensors.ContainsKey("msb_1.embed.0.0.conv.weight");
        bool multiscale = tensors.Keys.Any(k => k.StartsWith("msb_1.embed.1.", StringComparison.Ordinal));
        bool adaln = tensors.Keys.Any(k => k.StartsWith("adaln.", StringComparison.Ordinal));
        // Without the extractor the video stage's width is not stored anywhere; 1 layer of the input width stands in.
        return new ViStConfig(layers, (int)input.Shape[extractor ? 0 : 1], (int)input.Shape[1], cells,
            side + 2 * ViStConfig.MultiscaleWindows.Count, causal,
            adaln ? Conditioning.RfMasks : Conditioning.None, extractor, multiscale);
    }

    static Tensor ToTensor(NdArray a) => a.Data switch
    {
        float[] f => tensor(f, a.Shape),
        long[] l => tensor(l, a.Shape),
        double[] d => tensor(d, a.Shape).to(ScalarType.Float32),
        _ => throw new InvalidDataException($"unsupported dtype {a.DType} in Vi-ST weights"),
    };

    [GeneratedRegex(@"^stage1\.layers\.(\d+)\.")]
    private static partial Regex LayerKey();
}
