namespace ViST.RetinaModel.Head;

/// <summary>
/// One causal temporal convolution's history in the streaming head, held by the host and bound as a graph input.
/// The graph returns the newest input frame of that convolution as <see cref="PushOutput"/> [B,C,S,S]; after the
/// step the host stores it. Before t = 0 the history is zero, exactly the causal zero padding of the full-window
/// network. Two layouts, each chosen for the cheapest step:
/// <list type="bullet">
/// <item><b>Ring</b> (dilated stage convolutions, 2 past taps out of 2*dilation frames): time-major
/// [Length,B,C,S,S]; the graph reads the taps t - j*Dilation from slots (t - j*Dilation) mod Length and the host
/// writes the newest frame into slot t mod Length (the oldest tap, already used).</item>
/// <item><b>Window</b> (multiscale convolutions, dilation 1, every past frame is a tap): [B,C,Length,S,S], oldest
/// first, so the graph convolves it in place as Length channels per group; the host shifts it by one frame.</item>
/// </list>
/// </summary>
public sealed record HistoryBuffer(string Input, string PushOutput, int Kernel, int Dilation, int Channels, int Size, bool IsWindow)
{
    public int Length => (Kernel - 1) * Dilation;
    public int FrameElements(int batch) => batch * Channels * Size * Size;
    public long[] Shape(int batch) => IsWindow ? [batch, Channels, Length, Size, Size] : [Length, batch, Channels, Size, Size];
}

/// <summary>The names and history buffers of the streaming step graph, derived from the config alone, so the graph
/// builder and the runtime always agree.</summary>
public static class StreamingLayout
{
    public const string Features = "features", Step = "t", Rf = "rf", Rates = "rates";
    public const string FullFeatures = "features", FullRf = "rf", FullRates = "rates";

    public static IReadOnlyList<HistoryBuffer> Buffers(HeadConfig c)
    {
        var buffers = new List<HistoryBuffer>();
        for (int i = 0; i < c.VideoLayers; i++)
            buffers.Add(new($"ring_stage_{i}", $"push_stage_{i}", 3, c.Dilation(i), c.VideoDim, c.Grid, IsWindow: false));
        for (int b = 0; b < c.Windows.Length; b++)
            for (int k = 0; k < c.Windows[b].Length; k++)
                if (c.Windows[b][k] > 1)
                    buffers.Add(new($"window_msb{b + 1}_{k}", $"push_msb{b + 1}_{k}", c.Windows[b][k], 1, c.Cells, c.Grid - 2 * b, IsWindow: true));
        return buffers;
    }
}
