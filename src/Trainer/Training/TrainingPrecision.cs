using TorchSharp;
using ViST.Trainer.Torch;
using static TorchSharp.torch;

namespace ViST.Trainer.Training;

/// <summary>
/// `vist-train train --precision`: the arithmetic of the training forward pass. Parameters, gradients, AdamW state,
/// the loss, validation and the saved weights are float32 in every mode.
/// <list type="bullet">
/// <item>fp32: float32 throughout. On CUDA TF32 is switched off for matrix products and convolutions (libtorch's
/// default lets cuDNN convolutions use TF32).</item>
/// <item>tf32: float32 tensors, with CUDA matrix products and cuDNN convolutions allowed to use TF32 tensor cores
/// (10-bit mantissa products, float32 sums). On the CPU the same as fp32: TF32 is a GPU number format.</item>
/// <item>bf16: the forward pass under autocast to bfloat16 (upstream's Lightning "bf16-mixed", which also has TF32
/// on; so does this mode on CUDA); the prediction is cast back to float32 before the loss. On the CPU it runs too,
/// through libtorch's generic bfloat16 kernels (oneDNN is off, see TorchRuntime): 1.6x fp32's CPU time per step
/// in `vist-train bench step` on 2 cores, so it is for testing there.</item>
/// </list>
/// </summary>
public static class TrainingPrecision
{
    public static readonly string[] Names = ["fp32", "tf32", "bf16"];

    public static bool IsValid(string name) => Names.Contains(name);

    /// <summary>Sets libtorch's process-wide TF32 switches for <paramref name="precision"/> when training on CUDA
    /// (they affect CUDA kernels only; on the CPU nothing is set).</summary>
    public static void ApplyBackendSettings(string precision, Device device)
    {
        if (device.type != DeviceType.CUDA) return;
        bool tf32 = precision is "tf32" or "bf16";
        backends.cuda.matmul.allow_tf32 = tf32;
        backends.cudnn.allow_tf32 = tf32;
    }

    /// <summary>The scope the forward pass runs in: autocast to bfloat16 for bf16, nothing otherwise.</summary>
    public static IDisposable? ForwardScope(string precision, Device device) =>
        precision == "bf16" ? new Autocast(device.type, ScalarType.BFloat16) : null;

    /// <summary>One phrase for the runs-on line.</summary>
    public static string Describe(string precision, Device device) => (precision, device.type) switch
    {
        ("fp32", DeviceType.CUDA) => "precision fp32 (TF32 off)",
        ("tf32", DeviceType.CUDA) => "precision tf32 (TF32 matrix products and convolutions)",
        ("bf16", DeviceType.CUDA) => "precision bf16 (autocast forward, TF32 on, float32 weights and loss)",
        ("tf32", _) => "precision tf32 (on the CPU the same as fp32)",
        ("bf16", _) => "precision bf16 (autocast forward; on the CPU slower than fp32)",
        _ => $"precision {precision}",
    };
}
