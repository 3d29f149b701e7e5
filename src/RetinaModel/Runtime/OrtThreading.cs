using Microsoft.ML.OnnxRuntime;

namespace ViST.RetinaModel.Runtime;

/// <summary>
/// How an ONNX Runtime session uses the CPU: the threads of its operator pool (0: ONNX Runtime's choice, one per
/// physical core) and whether those threads spin-wait for the next operator instead of sleeping. Spinning shaves
/// the wake-up time off every operator when the model has the cores to itself; in a live run it burns the time
/// the render thread, the GL driver's threads, the window and the audio need on the same cores.
/// </summary>
public sealed record OrtThreading(int IntraOpThreads, bool Spin)
{
    /// <summary>ONNX Runtime's defaults: fastest when the model is all that runs (benchmarks, sweeps, replays,
    /// headless runs).</summary>
    public static OrtThreading Throughput { get; } = new(0, Spin: true);

    /// <summary>A paced live run: two operator threads that sleep when idle (measured on 2 cores: README, Known limits).</summary>
    public static OrtThreading Live { get; } = new(2, Spin: false);

    internal void Apply(SessionOptions so)
    {
        if (IntraOpThreads < 0) throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), "threads must be >= 0 (0: ONNX Runtime's default)");
        if (IntraOpThreads > 0) so.IntraOpNumThreads = IntraOpThreads;
        // The documented session config key (onnxruntime_session_options_config_keys.h); "1" is the default.
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", Spin ? "1" : "0");
    }
}
