namespace ViST.RetinaModel.Head;

/// <summary>
/// One causal temporal convolution's history in the streaming head: a ring of the last <see cref="Length"/>
/// input frames, time-major [Length, B, Channels, Size, Size]. At step t the graph reads the taps
/// t - j*Dilation (j = Kernel-1 .. 1) from slots (t - j*Dilation) mod Length and returns the newest input frame
/// as <see cref="PushOutput"/>; the host then writes it into slot t mod Length, overwriting the oldest tap,
/// which this step has already used. Slots of times before 0 are never written, so they stay zero: exactly
/// the causal zero padding of the full-window network.
/// </summary>
public sealed record RingBuffer(string Input, string PushOutput, int Kernel, int Dilation, int Channels, int Size)
{
    public int Length => (Kernel - 1) * Dilation;
    public int FrameElements(int batch) => batch * Channels * Size * Size;
}

/// <summary>The names and ring buffers of the streaming step graph, derived from the config alone, so the graph
/// builder and the runtime always agree.</summary>
public static class StreamingLayout
{
    public const string Features = "features", Step = "t", Rf = "rf", Rates = "rates";
    public const string FullFeatures = "features", FullRf = "rf", FullRates = "rates";

    public static IReadOnlyList<RingBuffer> Rings(HeadConfig c)
    {
        var rings = new List<RingBuffer>();
        for (int i = 0; i < c.VideoLayers; i++)
            rings.Add(new($"ring_stage_{i}", $"push_stage_{i}", 3, c.Dilation(i), c.VideoDim, c.Grid));
        for (int b = 0; b < c.Windows.Length; b++)
            for (int k = 0; k < c.Windows[b].Length; k++)
                if (c.Windows[b][k] > 1)
                    rings.Add(new($"ring_msb{b + 1}_{k}", $"push_msb{b + 1}_{k}", c.Windows[b][k], 1, c.Cells, c.Grid - 2 * b));
        return rings;
    }
}
