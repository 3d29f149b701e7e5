using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace ViST.Trainer.Torch;

/// <summary>
/// libtorch's automatic mixed precision (torch.autocast in Python) for the code run while an instance is alive, on
/// this thread: matrix products and convolutions on <c>device</c> run in the lower precision, numerically sensitive
/// operations (norms, losses, reductions) in float32, parameters stay float32. TorchSharp 0.107 has no autocast, so
/// this calls libtorch's own thread-local switches (at::autocast, exported by libtorch_cpu) as Python's
/// torch.autocast.__enter__/__exit__ do, including clearing the cache of lower-precision weight copies at the
/// outermost exit (stale copies would outlive the next optimizer step).
/// </summary>
public sealed class Autocast : IDisposable
{
    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE")]
    [return: MarshalAs(UnmanagedType.U1)]
    static extern bool IsEnabled(sbyte device);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb")]
    static extern void SetEnabled(sbyte device, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE")]
    static extern sbyte GetDtype(sbyte device);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE")]
    static extern void SetDtype(sbyte device, sbyte dtype);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at8autocast17increment_nestingEv")]
    static extern int IncrementNesting();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at8autocast17decrement_nestingEv")]
    static extern int DecrementNesting();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at8autocast11clear_cacheEv")]
    static extern void ClearCache();

    readonly sbyte _device;
    readonly bool _wasEnabled;
    readonly sbyte _previousDtype;
    bool _disposed;

    /// <summary>Autocast to <paramref name="dtype"/> for operations on <paramref name="device"/> (CPU or CUDA; the
    /// values of c10::DeviceType and c10::ScalarType are those of TorchSharp's enums).</summary>
    public Autocast(DeviceType device, ScalarType dtype)
    {
        TorchRuntime.Start();
        _device = (sbyte)device;
        _wasEnabled = IsEnabled(_device);
        _previousDtype = GetDtype(_device);
        SetDtype(_device, (sbyte)dtype);
        SetEnabled(_device, true);
        IncrementNesting();
    }

    /// <summary>Whether autocast is on for <paramref name="device"/> on this thread.</summary>
    public static bool IsOn(DeviceType device) => IsEnabled((sbyte)device);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        SetEnabled(_device, _wasEnabled);
        SetDtype(_device, _previousDtype);
        if (DecrementNesting() == 0) ClearCache();
    }
}
