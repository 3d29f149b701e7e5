using System.Runtime.InteropServices;

namespace ViST.Trainer.Torch;

/// <summary>The name of a CUDA device ("NVIDIA H100 80GB HBM3"), which TorchSharp 0.107 does not expose: libtorch's
/// at::cuda::getDeviceProperties(DeviceIndex) returns CUDA's cudaDeviceProp, whose first member is char name[256]
/// in every CUDA version.</summary>
static class CudaDeviceName
{
    [DllImport("libtorch_cuda", EntryPoint = "_ZN2at4cuda19getDevicePropertiesEa")]
    static extern IntPtr GetDeviceProperties(sbyte device);

    /// <summary>The device's name, or null when this libtorch does not export the call (only a description suffers).</summary>
    public static string? Of(int device)
    {
        try
        {
            var props = GetDeviceProperties(checked((sbyte)device));
            return props == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(props);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }
}
