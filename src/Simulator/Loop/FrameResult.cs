namespace ViST.Simulator.Loop;

/// <summary>What the sinks get for every frame: its index and stimulus time, the rates of every cell (spikes/s),
/// the latency from "frame rendered" to "rates ready", whether the rates missed the pipeline's budget
/// (<see cref="Late"/>: rendered in its own 1/30 s slot and scored in the next, so ready within two periods of its deadline) and how many 30 Hz ticks passed without a new frame just before it (<see cref="DroppedBefore"/>).</summary>
public sealed record FrameResult(long Index, double Time, float[] Rates, double LatencyMs, bool Late, int DroppedBefore)
{
    /// <summary>A copy of the frame's pixels (360x360 luminance, top row first), made only when a sink asks for
    /// them (<see cref="IFrameSink.WantsPixels"/>: the live window); null otherwise.</summary>
    public byte[]? Pixels { get; init; }
}
