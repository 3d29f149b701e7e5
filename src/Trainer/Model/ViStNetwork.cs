using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ViST.Trainer.Model;

// The Vi-ST network (Wu et al., ECCV 2024), layer for layer as the authors' src/models/components/eccv.py
// (see shared/reference/vist-upstream.md section 1). Module and parameter names reproduce the upstream
// state_dict keys exactly, so their weights load unchanged.
//
// Why the forward pass does not call Conv3d: with oneDNN disabled (it computes some 3D convolutions wrong on
// our CPUs), libtorch falls back to per-group loops of slow reference convolutions, about two minutes per
// training step for the paper's size. Instead every activation is kept channels-last, [B, T, H, W, C], and
// each convolution is rewritten as the same arithmetic on the same parameters:
//   1x1x1 convolutions    -> a matrix product over the channel axis (F.linear),
//   depthwise (k,3,3)     -> a hand-written channels-last kernel with its own backward (DepthwiseConv3d.cs),
//   full (1,3,3)          -> the 3x3 neighbourhoods unfolded along channels, then one matrix product,
//   AvgPool3d (1,3,3)     -> libtorch's AvgPool3d on the channels-first view (it has a channels-last kernel).
// On CUDA the depthwise conv goes to cuDNN's Conv3d, which reads the channels-last layout directly.
// The Conv3d modules are still created: they hold the parameters under upstream's names and initialise
// them exactly as PyTorch does.

/// <summary>Vi-ST: x [B, T, grids², input_dim] patch features and rf [B, cells, grids, grids] receptive-field
/// masks to firing rates [B, cells, T]. Strictly causal in time when <see cref="ViStConfig.Causal"/>.</summary>
public sealed class ViStNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    public ViStConfig Config { get; }
    // Field names are the upstream module names: TorchSharp registers fields under their names.
    readonly VideoStage stage1;
    readonly MultiscaleBlock msb_1, msb_2, msb_3, msb_4;
    readonly Linear msb_5;
    readonly AdaLnZero? adaln;           // null in the "remove spikes alignment" ablation

    public ViStNetwork(ViStConfig config) : base("ViST")
    {
        config.Validate();
        Config = config;
        stage1 = new VideoStage(config);
        msb_1 = new MultiscaleBlock(config.Cells, config.WindowsOf(0), config.Causal);
        msb_2 = new MultiscaleBlock(config.Cells, config.WindowsOf(1), config.Causal);
        msb_3 = new MultiscaleBlock(config.Cells, config.WindowsOf(2), config.Causal);
        msb_4 = new MultiscaleBlock(config.Cells, config.WindowsOf(3), config.Causal);
        msb_5 = nn.Linear(config.ReadoutGrid * config.ReadoutGrid * config.Cells, config.Cells);
        adaln = config.Condition == Conditioning.None ? null : new AdaLnZero(config.Cells, config.Condition);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor rf)
    {
        var c = Config;
        RequireShape(x, "x", [-1, -1, c.Patches, c.InputDim]);
        RequireShape(rf, "rf", [x.shape[0], c.Cells, c.Grids, c.Grids]);
        long b = x.shape[0], t = x.shape[1];
        using var scope = NewDisposeScope();
        // "b t (p q) d -> b d t p q" upstream; here the channels-last view [B, T, p, q, D] of the same data.
        var h = stage1.forward(x.reshape(b, t, c.Grids, c.Grids, c.InputDim));
        if (adaln is not null) h = adaln.forward(h, rf);
        foreach (var block in new[] { msb_1, msb_2, msb_3, msb_4 }) h = block.forward(h);
        // "b c t p q -> b t (c p q)" then Linear: the activation is flattened (p, q, c) here, so the
        // Linear's input columns are permuted to that order instead.
        int g = c.ReadoutGrid;
        var w = msb_5.weight!.reshape(c.Cells, c.Cells, g, g).permute(0, 2, 3, 1).reshape(c.Cells, -1);
        var y = F.linear(h.reshape(b, t, -1), w, msb_5.bias);
        return y.permute(0, 2, 1).contiguous().MoveToOuterDisposeScope();
    }

    static void RequireShape(Tensor a, string name, long[] expected)
    {
        bool ok = a.dim() == expected.Length;
        for (int i = 0; ok && i < expected.Length; i++) ok = expected[i] < 0 || a.shape[i] == expected[i];
        if (!ok)
            throw new ArgumentException($"Vi-ST input {name}: expected shape [{string.Join(",", expected.Select(e => e < 0 ? "*" : e.ToString()))}], got [{string.Join(",", a.shape)}]");
    }

    /// <summary>Number of trainable parameters (1,702,952 for the paper's configuration).</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());
}

/// <summary>Upstream SingleStage3DModel: conv_1x1 to video_dim, dilated residual blocks, conv_out to cells.
/// Without the video extractor (ablation) only conv_out remains, from the input features to the cells.</summary>
sealed class VideoStage : nn.Module<Tensor, Tensor>
{
    readonly Conv3d? conv_1x1;
    readonly Conv3d conv_out;
    readonly ModuleList<DilatedResidualLayer> layers;

    public VideoStage(ViStConfig c) : base("SingleStage3DModel")
    {
        int layerCount = c.VideoExtractor ? c.VideoLayers : 0;
        conv_1x1 = c.VideoExtractor ? nn.Conv3d(c.InputDim, c.VideoDim, 1) : null;
        layers = new ModuleList<DilatedResidualLayer>(
            Enumerable.Range(0, layerCount).Select(i => new DilatedResidualLayer(c.VideoDim, 1 << i, c.VideoCausal)).ToArray());
        conv_out = nn.Conv3d(c.VideoExtractor ? c.VideoDim : c.InputDim, c.Cells, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = conv_1x1 is null ? x : ChannelsLast.Pointwise(x, conv_1x1);
        foreach (var layer in layers) h = layer.forward(h);
        return ChannelsLast.Pointwise(h, conv_out);
    }
}

/// <summary>Upstream DilatedResidualCausal3DLayer (causal: time padded 2d before) or DilatedResidual3DLayer
/// (time padded d on both sides): depthwise 3x3x3 conv with dilation (d,1,1), BatchNorm, ReLU, 1x1 conv,
/// element-wise dropout, residual.</summary>
sealed class DilatedResidualLayer : nn.Module<Tensor, Tensor>
{
    readonly Conv3d conv_dilated, conv_1x1;
    readonly BatchNorm3d norm;
    readonly int dilation;
    readonly bool causal;

    public DilatedResidualLayer(int channels, int dilation, bool causal) : base("DilatedResidual3DLayer")
    {
        this.dilation = dilation;
        this.causal = causal;
        conv_dilated = nn.Conv3d(channels, channels, (3, 3, 3), dilation: (dilation, 1, 1), groups: channels);
        norm = nn.BatchNorm3d(channels);
        conv_1x1 = nn.Conv3d(channels, channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long before = causal ? 2 * dilation : dilation, after = causal ? 0 : dilation;
        var h = ChannelsLast.DepthwiseConv(x, conv_dilated, dilation, before, after, 1);
        h = ChannelsLast.FromChannelsFirst(norm.forward(ChannelsLast.ToChannelsFirst(h)));
        h = ChannelsLast.Pointwise(F.relu(h), conv_1x1);
        return x + F.dropout(h, 0.25, training);
    }
}

/// <summary>Upstream AdaLN_Zero3D, conditioned on the summed receptive-field masks:
/// shift, scale, gate = chunk3(conv(SiLU(c))); y = x + gate * conv(SiLU(x * (1 + scale) + shift)).
/// In the "condition as video" ablation c is instead the block's own input averaged over channels.</summary>
sealed class AdaLnZero : nn.Module<Tensor, Tensor, Tensor>
{
    readonly SiLUConv adaLN_modulation, net;
    readonly int cells;
    readonly Conditioning condition;

    public AdaLnZero(int cells, Conditioning condition) : base("AdaLN_Zero3D")
    {
        this.cells = cells;
        this.condition = condition;
        adaLN_modulation = new SiLUConv(cells, 3 * cells);
        net = new SiLUConv(cells, cells);
        RegisterComponents();
        using var _ = no_grad();
        nn.init.zeros_(adaLN_modulation.conv.weight!);     // zero modulation: the block starts as the identity
        nn.init.zeros_(adaLN_modulation.conv.bias!);
        nn.init.normal_(net.conv.weight!, 0, 0.02);
        nn.init.zeros_(net.conv.bias!);
    }

    /// <param name="x">[B, T, H, W, cells] channels-last.</param>
    /// <param name="rf">[B, cells, H, W] receptive-field masks.</param>
    public override Tensor forward(Tensor x, Tensor rf)
    {
        // Upstream repeats rf.sum(cells) over all cells and frames before the modulation conv; those copies are
        // identical, so computing it once per patch and broadcasting over time gives the same values.
        // The video condition is the analogue in time: the channel mean per frame and patch, repeated over channels.
        var mod = condition == Conditioning.Video
            ? ChannelsLast.Pointwise(F.silu(x.mean([-1], keepdim: true).expand(-1, -1, -1, -1, cells)), adaLN_modulation.conv)  // [B, T, H, W, 3 cells]
            : ChannelsLast.Pointwise(F.silu(rf.sum(1).unsqueeze(-1).expand(-1, -1, -1, cells)), adaLN_modulation.conv).unsqueeze(1); // [B, 1, H, W, 3 cells]
        var chunks = mod.chunk(3, -1);
        Tensor shift = chunks[0], scale = chunks[1], gate = chunks[2];
        return x + gate * ChannelsLast.Pointwise(F.silu(x * (1 + scale) + shift), net.conv);
    }

    /// <summary>Upstream nn.Sequential(SiLU(), Conv3d(k=1)): keys "0" (no parameters) and "1".</summary>
    sealed class SiLUConv : nn.Module
    {
        [ComponentName(Name = "0")]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0052", Justification = "read by RegisterComponents (reflection): upstream's module tree has the SiLU at key 0")]
        readonly SiLU act = nn.SiLU();
        [ComponentName(Name = "1")] public readonly Conv3d conv;

        public SiLUConv(int inChannels, int outChannels) : base("Sequential")
        {
            conv = nn.Conv3d(inChannels, outChannels, 1);
            RegisterComponents();
        }
    }
}

/// <summary>Upstream CausalMultiscaleBlock (causal) or MultiscaleBlock: per window k a (k,3,3) conv without
/// spatial padding (full across channels for k = 1, depthwise otherwise) + LeakyReLU(0.1) + Dropout3d(0.25);
/// their sum through a 1x1 "mapping" conv, plus AvgPool3d((1,3,3)) of a 1x1 conv of the input.</summary>
sealed class MultiscaleBlock : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<MultiscaleBranch> embed;
    readonly Conv3d mapping, conv1x1;

    public MultiscaleBlock(int channels, int[] windows, bool causal) : base(causal ? "CausalMultiscaleBlock" : "MultiscaleBlock")
    {
        embed = new ModuleList<MultiscaleBranch>(windows.Select(k => new MultiscaleBranch(channels, k, causal)).ToArray());
        mapping = nn.Conv3d(channels, channels, 1);
        conv1x1 = nn.Conv3d(channels, channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        Tensor? sum = null;
        foreach (var branch in embed)
        {
            var b = branch.forward(x);
            sum = sum is null ? b : sum + b;
        }
        return ChannelsLast.Pointwise(sum!, mapping) + ChannelsLast.AvgPool3x3(ChannelsLast.Pointwise(x, conv1x1));
    }
}

/// <summary>One window of a multiscale block. Upstream wraps the conv as Sequential(conv, LeakyReLU, Dropout3d),
/// and the causal version wraps it once more in CausalConv3d(.conv): hence keys "embed.i.0.conv.weight" (causal)
/// and "embed.i.0.weight" (non-causal).</summary>
sealed class MultiscaleBranch : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")] readonly nn.Module layer;      // CausalConv3d or the bare Conv3d
    readonly int window;
    readonly bool causal;

    public MultiscaleBranch(int channels, int window, bool causal) : base("Sequential")
    {
        this.window = window;
        this.causal = causal;
        var conv = nn.Conv3d(channels, channels, (window, 3, 3), groups: window == 1 ? 1 : channels);
        layer = causal ? new CausalConv3d(conv) : conv;
        RegisterComponents();
    }

    Conv3d Conv => layer is CausalConv3d c ? c.conv : (Conv3d)layer;

    public override Tensor forward(Tensor x)
    {
        Tensor h;
        if (window == 1) h = ChannelsLast.Conv3x3(x, Conv);
        else
        {
            long before = causal ? window - 1 : window / 2, after = causal ? 0 : window / 2;
            h = ChannelsLast.DepthwiseConv(x, Conv, 1, before, after, 0);
        }
        h = F.leaky_relu(h, 0.1);
        return ChannelsLast.FromChannelsFirst(F.dropout3d(ChannelsLast.ToChannelsFirst(h), 0.25, training));
    }

    /// <summary>Upstream CausalConv3d: only a name level ("conv") around the Conv3d; the padding is done above.</summary>
    sealed class CausalConv3d : nn.Module
    {
        public readonly Conv3d conv;

        public CausalConv3d(Conv3d conv) : base("CausalConv3d")
        {
            this.conv = conv;
            RegisterComponents();
        }
    }
}

/// <summary>Convolution arithmetic on channels-last activations [B, T, H, W, C] using Conv3d parameters.</summary>
static class ChannelsLast
{
    /// <summary>[B, T, H, W, C] as the [B, C, T, H, W] view upstream's modules expect (no copy).</summary>
    public static Tensor ToChannelsFirst(Tensor x) => x.permute(0, 4, 1, 2, 3);

    public static Tensor FromChannelsFirst(Tensor x) => x.permute(0, 2, 3, 4, 1);

    /// <summary>A 1x1x1 Conv3d: a matrix product over the channel axis.</summary>
    public static Tensor Pointwise(Tensor x, Conv3d conv) =>
        F.linear(x, conv.weight!.flatten(1), conv.bias);

    /// <summary>A depthwise (kt,3,3) Conv3d with temporal dilation and zero padding: time by (before, after),
    /// height and width by <paramref name="space"/> on each side.</summary>
    public static Tensor DepthwiseConv(Tensor x, Conv3d conv, long dilation, long before, long after, long space) =>
        DepthwiseConv3d.Apply(x, conv.weight!, conv.bias!, dilation, before, after, space);

    /// <summary>A full (1,3,3) Conv3d without padding: the 3x3 neighbourhoods unfolded next to the channels
    /// (order c, u, v: the weight's own layout), then one matrix product.</summary>
    public static Tensor Conv3x3(Tensor x, Conv3d conv)
    {
        var patches = x.unfold(2, 3, 1).unfold(3, 3, 1);      // [B, T, H-2, W-2, C, 3, 3], a view
        return F.linear(patches.flatten(4), conv.weight!.flatten(1), conv.bias);
    }

    /// <summary>AvgPool3d((1,3,3), stride 1, no padding), libtorch's own kernel on the channels-first view.</summary>
    public static Tensor AvgPool3x3(Tensor x) =>
        FromChannelsFirst(F.avg_pool3d(ToChannelsFirst(x), [1, 3, 3], [1, 1, 1]));
}
