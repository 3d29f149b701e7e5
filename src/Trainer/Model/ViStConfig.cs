namespace ViST.Trainer.Model;

/// <summary>What the AdaLN "spikes alignment" block is conditioned on (the paper's ablations, section 4.2).</summary>
public enum Conditioning
{
    /// <summary>The paper's model: c = the receptive-field masks summed over cells, the same for every frame.</summary>
    RfMasks,
    /// <summary>"Replace condition as video": c = the video stage's output averaged over its channels, per frame and
    /// patch, repeated to every channel as upstream repeats the mask sum. Same parameters as RfMasks.</summary>
    Video,
    /// <summary>"Remove Spikes Alignment": no AdaLN block at all (the identity); the RF masks are not used.</summary>
    None,
}

/// <summary>
/// Size of a Vi-ST network (upstream `ViST(video_layers, video_dim, dinov2_dim, cells, grids, causal)`) and the
/// paper's ablation switches. The defaults are the paper's configuration (1,702,952 parameters).
/// </summary>
/// <param name="VideoLayers">Dilated residual blocks in the video stage; block i has temporal dilation 2^i.</param>
/// <param name="VideoDim">Channels inside the video stage.</param>
/// <param name="InputDim">Feature width of each input patch token (1024 for DINOv2 ViT-L/14).</param>
/// <param name="Cells">Output neurons; also the channel count from the AdaLN block on.</param>
/// <param name="Grids">Patch grid side: the input has Grids² tokens per frame.</param>
/// <param name="Causal">Causal temporal padding (the paper's model); false gives upstream's symmetric-padding
/// ablation variants (DilatedResidual3DLayer, MultiscaleBlock), whose multiscale keys lack the ".conv" level.</param>
/// <param name="Condition">What AdaLN is conditioned on (ablations "condition as video", "remove spikes alignment").</param>
/// <param name="VideoExtractor">False: "Remove Video Extractor": conv_1x1 and the dilated residual blocks are
/// gone, and conv_out maps the input features straight to the cell channels (input_dim -> cells).</param>
/// <param name="MultiscaleKernels">False: "Remove Multiscale Kernel": every multiscale block keeps only its
/// window-1 branch (a 3x3 spatial conv, no temporal kernel).</param>
/// <param name="CausalVideo">Causality of the video stage's dilated convolutions alone, when it differs from
/// <paramref name="Causal"/> (which then applies to the multiscale blocks only); null = as Causal. Gives the
/// separate ablations "Replace Causal Dilated 3D-CNN" (false with Causal) and "Replace Causal Multiscale Block"
/// (true with Causal = false).</param>
public sealed record ViStConfig(
    int VideoLayers = 6, int VideoDim = 256, int InputDim = 1024, int Cells = 90, int Grids = 16, bool Causal = true,
    Conditioning Condition = Conditioning.RfMasks, bool VideoExtractor = true, bool MultiscaleKernels = true,
    bool? CausalVideo = null)
{
    /// <summary>Temporal window sizes of the four multiscale blocks msb_1..msb_4 (upstream, hard-coded).</summary>
    public static IReadOnlyList<int[]> MultiscaleWindows { get; } = [[1, 25], [1, 13, 21], [1, 7, 9], [1, 3, 5]];

    /// <summary>The windows of multiscale block <paramref name="block"/> in this configuration.</summary>
    public int[] WindowsOf(int block) => MultiscaleKernels ? MultiscaleWindows[block] : [1];

    /// <summary>Whether the video stage's dilated convolutions are causal.</summary>
    public bool VideoCausal => CausalVideo ?? Causal;

    /// <summary>Side of the patch grid reaching the readout: each multiscale block trims one patch per side.</summary>
    public int ReadoutGrid => Grids - 2 * MultiscaleWindows.Count;

    public int Patches => Grids * Grids;

    /// <summary>How many earlier frames an output can depend on (the receptive field minus one: 182 for the paper's
    /// network), or null when some stage is non-causal and outputs also depend on later frames.</summary>
    public int? CausalReach => !Causal || !VideoCausal ? null
        : (VideoExtractor ? 2 * ((1 << VideoLayers) - 1) : 0) + Enumerable.Range(0, MultiscaleWindows.Count).Sum(b => WindowsOf(b).Max() - 1);

    /// <summary>The whole network is the paper's causal Vi-ST (no ablation switch set): the only kind the ONNX
    /// model bundle can hold.</summary>
    public bool IsPaperNetwork => Ablations.Count == 0;

    /// <summary>The ablation switches that are set, as short tags (empty for the paper's network).</summary>
    public IReadOnlyList<string> Ablations
    {
        get
        {
            var tags = new List<string>();
            if (Condition == Conditioning.None) tags.Add(NoAdaLnTag);
            if (Condition == Conditioning.Video) tags.Add(VideoConditionTag);
            if (!VideoExtractor) tags.Add(NoVideoExtractorTag);
            if (!MultiscaleKernels) tags.Add(NoMultiscaleTag);
            if (!Causal) tags.Add(NonCausalMultiscaleTag);
            if (!VideoCausal) tags.Add(NonCausalVideoTag);
            return tags;
        }
    }

    public const string NoAdaLnTag = "no-adaln", VideoConditionTag = "video-condition", NoVideoExtractorTag = "no-video-extractor",
        NoMultiscaleTag = "no-multiscale", NonCausalMultiscaleTag = "noncausal-msb", NonCausalVideoTag = "noncausal-video";

    /// <summary>This size with the ablation switches named by <paramref name="tags"/> (as <see cref="Ablations"/>
    /// writes them) set.</summary>
    public ViStConfig WithAblations(IEnumerable<string> tags)
    {
        var c = this with { Condition = Conditioning.RfMasks, VideoExtractor = true, MultiscaleKernels = true, Causal = true, CausalVideo = null };
        foreach (var tag in tags)
            c = tag switch
            {
                NoAdaLnTag => c with { Condition = Conditioning.None },
                VideoConditionTag => c with { Condition = Conditioning.Video },
                NoVideoExtractorTag => c with { VideoExtractor = false },
                NoMultiscaleTag => c with { MultiscaleKernels = false },
                NonCausalMultiscaleTag => c with { Causal = false, CausalVideo = c.CausalVideo ?? true },
                NonCausalVideoTag => c with { CausalVideo = false },
                _ => throw new ArgumentException($"unknown Vi-ST ablation '{tag}' (known: {NoAdaLnTag}, {VideoConditionTag}, {NoVideoExtractorTag}, {NoMultiscaleTag}, {NonCausalMultiscaleTag}, {NonCausalVideoTag})"),
            };
        if (c.CausalVideo == c.Causal) c = c with { CausalVideo = null };
        return c;
    }

    public void Validate()
    {
        if (VideoLayers < 1 || VideoDim < 1 || InputDim < 1 || Cells < 1)
            throw new ArgumentException($"Vi-ST config needs positive sizes: {this}");
        if (ReadoutGrid < 1)
            throw new ArgumentException($"Vi-ST config: grids must be at least {2 * MultiscaleWindows.Count + 1} (four 3x3 valid convolutions), got {Grids}");
    }

    public override string ToString() =>
        $"video_layers={VideoLayers} video_dim={VideoDim} input_dim={InputDim} cells={Cells} grids={Grids} causal={Causal}" +
        (IsPaperNetwork ? "" : $" ablations={string.Join(",", Ablations)}");
}
