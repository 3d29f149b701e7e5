using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ViST.RetinaModel.Runtime;

/// <summary>
/// The features tensor that a backbone writes and the streaming head reads, allocated once for the most streams and
/// bound (IOBinding) over the first streams' part: the backbone's session writes it as its output and the head's
/// session reads it as its input, so the features are never copied. Where it lives is the one thing that differs by
/// device: pinned host memory when the sessions run on the CPU (host code may also fill and read it: tests, the
/// backbones that compute on the host), CUDA device memory when they run on the GPU (the features never visit the
/// host).
/// </summary>
public sealed class FeatureBuffer : IDisposable
{
    readonly float[]? _host;
    readonly OrtAllocator? _allocator;
    readonly OrtValue? _device;
    readonly IntPtr _data;

    /// <summary>Where the values live, as ONNX Runtime names it (CPU, or CUDA device 0).</summary>
    public OrtMemoryInfo Memory { get; }
    /// <summary>Floats held: the most any view may cover.</summary>
    public long Capacity { get; }
    public bool OnHost => _host != null;

    FeatureBuffer(long capacity, float[]? host, OrtAllocator? allocator, OrtValue? device, IntPtr data, OrtMemoryInfo memory)
    {
        Capacity = capacity; _host = host; _allocator = allocator; _device = device; _data = data; Memory = memory;
    }

    /// <summary>Pinned host memory: the address never moves, so views made once stay valid while host code writes it.</summary>
    public static FeatureBuffer OnHostMemory(long capacity)
    {
        var host = GC.AllocateArray<float>(checked((int)capacity), pinned: true);
        return new FeatureBuffer(capacity, host, null, null, Marshal.UnsafeAddrOfPinnedArrayElement(host, 0), OrtMemoryInfo.DefaultInstance);
    }

    /// <summary>Device memory of CUDA device 0, from the allocator of <paramref name="cudaSession"/> (a session with the
    /// CUDA execution provider; ONNX Runtime owns the device allocator).</summary>
    public static FeatureBuffer OnCuda(InferenceSession cudaSession, long capacity)
    {
        var memory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default);
        var allocator = new OrtAllocator(cudaSession, memory);
        var device = OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, [capacity]);
        return new FeatureBuffer(capacity, null, allocator, device, DataPointer(device), memory);
    }

    /// <summary>The address of a tensor's data. The managed API gives it only as a span; a span over GPU memory is never
    /// read here, only its address taken, to make views over the buffer's start.</summary>
    static unsafe IntPtr DataPointer(OrtValue tensor) =>
        (IntPtr)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(tensor.GetTensorMutableRawData()));

    /// <summary>The first <paramref name="count"/> values, for host code; device memory cannot be read this way.</summary>
    public Span<float> Host(int count) => _host is { } h ? h.AsSpan(0, count)
        : throw new InvalidOperationException("the features live in GPU memory (CUDA); only ONNX Runtime sessions read and write them there");

    /// <summary>A tensor of <paramref name="shape"/> over the start of the buffer, to bind; the caller disposes it.</summary>
    public OrtValue View(long[] shape)
    {
        long count = shape.Aggregate(1L, (a, d) => a * d);
        if (count > Capacity) throw new ArgumentException($"a [{string.Join(",", shape)}] view needs {count} floats, the buffer holds {Capacity}");
        return OrtValue.CreateTensorValueWithData(Memory, TensorElementType.Float, shape, _data, count * sizeof(float));
    }

    public void Dispose()
    {
        _device?.Dispose();
        _allocator?.Dispose();
        if (!OnHost) Memory.Dispose();
    }
}
