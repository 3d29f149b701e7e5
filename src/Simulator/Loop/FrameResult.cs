namespace ViST.Simulator.Loop;

/// <summary>What the sinks get for every frame: its index and stimulus time, the rates of every cell (spikes/s),
/// the latency from "frame rendered" to "rates ready", whether the rates missed the pipeline's budget
/// (<see cref="Late"/>: rendered in its own 1/30 s slot and scored in the next, so ready within two periods of its deadline) and how many 30 Hz ticks passed without a new frame just before it (<see cref="DroppedBefore"/>).
/// <see cref="Rates"/> is a new array for every frame: a sink may keep it.</summary>
public sealed record FrameResult(long Index, double Time, float[] Rates, double LatencyMs, bool Late, int DroppedBefore)
{
    /// <summary>The frame's pixels (360x360 luminance, top row first), lent by the loop for the duration of
    /// <see cref="IFrameSink.OnFrame"/> only: the buffer is rendered into again afterwards, so a sink that shows
    /// the frame later (the live window) copies it.</summary>
    public ReadOnlyMemory<byte> Pixels { get; init; }
}
