using Microsoft.ML.OnnxRuntime;

namespace ViST.RetinaModel.Runtime;

/// <summary>
/// How an ONNX Runtime session uses the CPU: the threads of its operator pool (0: ONNX Runtime's choice, one per
/// physical core) and whether those threads spin-wait for the next operator instead of sleeping. Spinning shaves
/// the wake-up time off every operator when the model has the cores to itself; but in this program it never does:
/// a render thread and the GL driver's threads (and live, the window and the sound) work beside it, and spinning
/// threads take their time.
/// </summary>
public sealed record OrtThreading(int IntraOpThreads, bool Spin)
{
    /// <summary>Every session of vist: all cores, threads that sleep when idle. Measured on 2 cores with the default
    /// model (ResNet18 layer 3), against ONNX Runtime's spinning: a headless `vist run` 48 instead of 32 frames/s, the
    /// flash_classification sweep 11.2 instead of 16.2 s; live with window and sound, spinning threads made a loaded
    /// machine fall to 8 frames/s.</summary>
    public static OrtThreading Default { get; } = new(0, Spin: false);

    internal void Apply(SessionOptions so)
    {
        if (IntraOpThreads < 0) throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), "threads must be >= 0 (0: ONNX Runtime's default)");
        if (IntraOpThreads > 0) so.IntraOpNumThreads = IntraOpThreads;
        // the documented session config key (onnxruntime_session_options_config_keys.h); ONNX Runtime's default is "1"
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", Spin ? "1" : "0");
    }
}
