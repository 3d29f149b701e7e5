namespace ViST.Simulator.Loop;

/// <summary>How a run is paced and when it ends.</summary>
public sealed record LoopOptions
{
    /// <summary>True: 30 Hz by absolute deadlines (live). False: as fast as possible (headless, replay).</summary>
    public bool Paced { get; init; } = true;
    /// <summary>Stop after this many frames (null: until stopped).</summary>
    public long? MaxFrames { get; init; }
    /// <summary>Rendered frames that may wait for the model. 1 already lets frame i+1 render while the model runs on
    /// frame i; more only adds latency when the model is the slower stage.</summary>
    public int PipelineDepth { get; init; } = 1;
}

/// <summary>A snapshot of a running loop for get_state and the HUD.</summary>
public sealed record LoopState(long FramesRendered, long FramesScored, bool Paused, long Late, long Dropped);
