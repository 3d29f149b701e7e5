using ViST.RetinaModel.Runtime;

namespace ViST.RetinaModel.Backbones;

/// <summary>
/// A frozen vision model: a batch of frames (360x360 uint8 luminance, row-major) -> features [B, Grid*Grid, Dim]
/// on a Grid x Grid patch grid, row-major patches (patch index = row * Grid + col), the Vi-ST head's input.
/// </summary>
public interface IBackbone : IDisposable
{
    /// <summary>The preset name (resnet18-l3, dinov2, onnx).</summary>
    string Name { get; }
    int Dim { get; }
    int Grid { get; }
    /// <summary>The ONNX Runtime execution provider in use (CPU or CUDA).</summary>
    string Provider { get; }

    /// <summary>Features of <paramref name="count"/> frames, written to <paramref name="features"/> [count, Grid*Grid, Dim].</summary>
    void Extract(ReadOnlySpan<byte> frames, int count, Span<float> features);

    /// <summary>Features of <paramref name="count"/> frames written into the first streams of the head's input buffer.
    /// An ONNX backbone binds that buffer as its session's output (no copy, host or GPU memory); backbones that compute
    /// on the host (luminance, combinations) write its host memory, which the head then keeps on the host.</summary>
    void Extract(ReadOnlySpan<byte> frames, int count, FeatureBuffer features) => Extract(frames, count, features.Host(count * Grid * Grid * Dim));

    /// <summary>Whether <see cref="Extract(ReadOnlySpan{byte}, int, FeatureBuffer)"/> can write GPU memory, so the head
    /// may keep its features there.</summary>
    bool WritesDevice => false;
}

/// <summary>The frame contract shared with the renderer (DESIGN.md): 360x360 single-channel uint8.</summary>
public static class FrameContract
{
    public const int Size = 360;
    public const int Pixels = Size * Size;
}
