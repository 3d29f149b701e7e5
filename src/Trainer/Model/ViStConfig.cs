namespace ViST.Trainer.Model;

/// <summary>
/// Size of a Vi-ST network (upstream `ViST(video_layers, video_dim, dinov2_dim, cells, grids, causal)`).
/// The defaults are the paper's configuration (1,702,952 parameters).
/// </summary>
/// <param name="VideoLayers">Dilated residual blocks in the video stage; block i has temporal dilation 2^i.</param>
/// <param name="VideoDim">Channels inside the video stage.</param>
/// <param name="InputDim">Feature width of each input patch token (1024 for DINOv2 ViT-L/14).</param>
/// <param name="Cells">Output neurons; also the channel count from the AdaLN block on.</param>
/// <param name="Grids">Patch grid side: the input has Grids² tokens per frame.</param>
/// <param name="Causal">Causal temporal padding (the paper's model); false gives upstream's symmetric-padding
/// ablation variants (DilatedResidual3DLayer, MultiscaleBlock), whose multiscale keys lack the ".conv" level.</param>
public sealed record ViStConfig(
    int VideoLayers = 6, int VideoDim = 256, int InputDim = 1024, int Cells = 90, int Grids = 16, bool Causal = true)
{
    /// <summary>Temporal window sizes of the four multiscale blocks msb_1..msb_4 (upstream, hard-coded).</summary>
    public static IReadOnlyList<int[]> MultiscaleWindows { get; } = [[1, 25], [1, 13, 21], [1, 7, 9], [1, 3, 5]];

    /// <summary>Side of the patch grid reaching the readout: each multiscale block trims one patch per side.</summary>
    public int ReadoutGrid => Grids - 2 * MultiscaleWindows.Count;

    public int Patches => Grids * Grids;

    public void Validate()
    {
        if (VideoLayers < 1 || VideoDim < 1 || InputDim < 1 || Cells < 1)
            throw new ArgumentException($"Vi-ST config needs positive sizes: {this}");
        if (ReadoutGrid < 1)
            throw new ArgumentException($"Vi-ST config: grids must be at least {2 * MultiscaleWindows.Count + 1} (four 3x3 valid convolutions), got {Grids}");
    }

    public override string ToString() =>
        $"video_layers={VideoLayers} video_dim={VideoDim} input_dim={InputDim} cells={Cells} grids={Grids} causal={Causal}";
}
