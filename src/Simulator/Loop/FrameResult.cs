namespace ViST.Simulator.Loop;

/// <summary>What the sinks get for every frame: its index and stimulus time, the rates of every cell (spikes/s),
/// the latency from "frame rendered" to "rates ready", whether the rates came after the next frame's deadline
/// (<see cref="Late"/>) and how many 30 Hz ticks passed without a new frame just before it (<see cref="DroppedBefore"/>).</summary>
public sealed record FrameResult(long Index, double Time, float[] Rates, double LatencyMs, bool Late, int DroppedBefore);
