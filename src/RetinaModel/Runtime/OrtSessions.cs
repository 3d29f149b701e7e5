using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace ViST.RetinaModel.Runtime;

/// <summary>Which execution provider to ask ONNX Runtime for.</summary>
public enum Device { Auto, Cpu, Cuda }

/// <summary>
/// Creates ONNX Runtime sessions: CPU by default; CUDA when the program was built with -p:ViSTGpu=true (the GPU
/// runtime package) and the device asks for it. When CUDA cannot be loaded (no driver, no CUDA 13 libraries),
/// one line on stderr says why and the session runs on the CPU.
/// </summary>
public static class OrtSessions
{
    static readonly object Gate = new();
    static bool _cudaReported;

    /// <summary>How the sessions created from now on use the CPU. Process-wide because the sessions are made deep inside
    /// the backbones and heads; `vist bench head|backbone --threads --spin` change it to compare.</summary>
    public static OrtThreading Threading { get; set; } = OrtThreading.Default;

    public static bool CudaAvailable => Providers.Contains("CUDAExecutionProvider");

    /// <summary>The ONNX Runtime version, e.g. "1.31.1".</summary>
    public static string Version => Env().GetVersionString();

    /// <summary>The execution providers this build of ONNX Runtime has (CPUExecutionProvider, CUDAExecutionProvider, ...).</summary>
    public static string[] Providers => Env().GetAvailableProviders();

    /// <summary>Why sessions would run on the CPU although CUDA was asked for, or null when nothing stands in the way
    /// that can be seen without creating a session (the provider is in this build and its libraries load).</summary>
    public static string? CudaProblem() =>
        !CudaAvailable ? "this build has no CUDA execution provider (build with -p:ViSTGpu=true)"
        : MissingCudaLibrary() is { } missing ? $"{missing} not found; ONNX Runtime 1.31 CUDA needs the CUDA 13 libraries and an NVIDIA driver"
        : null;

    /// <summary>ONNX Runtime's process-wide environment. Its native library ships with the program; where it cannot be
    /// loaded (a build copied without its runtimes/ folder, another CPU architecture, an old glibc) this is one error
    /// line instead of a TypeInitializationException.</summary>
    static OrtEnv Env()
    {
        try { return OrtEnv.Instance(); }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new PlatformNotSupportedException(
                $"libonnxruntime.so: cannot be loaded ({NativeLoadFailure.Reason(e)}); ONNX Runtime comes with the program " +
                "(runtimes/linux-x64/native/ beside it): rebuild it (./vist does)", e);
        }
    }

    /// <summary>What ONNX Runtime 1.31's CUDA provider links against (readelf -d libonnxruntime_providers_cuda.so):
    /// CUDA 13 and the driver. Checked first, so the fallback line names the missing library instead of ORT's
    /// generic "Failed to load shared library".</summary>
    static readonly string[] CudaLibraries = ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10"];

    static string? MissingCudaLibrary()
    {
        foreach (var lib in CudaLibraries)
        {
            if (!NativeLibrary.TryLoad(lib, out var h)) return lib;
            NativeLibrary.Free(h);
        }
        return null;
    }

    /// <summary>Run options for a session's steps. Made here, not with `new`, because they are ONNX Runtime's first touch
    /// in a constructor that makes them before its session: a missing library must still be <see cref="Env"/>'s one line.</summary>
    public static RunOptions NewRunOptions()
    {
        Env();
        return new RunOptions();
    }

    public static InferenceSession Create(byte[] model, string what, Device device, out string provider)
    {
        Env();   // a missing native library fails here, as one line
        var so = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        Threading.Apply(so);
        provider = "CPU";
        if ((device != Device.Cpu && CudaAvailable) || device == Device.Cuda)
        {
            if (CudaProblem() is { } problem) ReportCudaFallback(problem);
            else
                try { so.AppendExecutionProvider_CUDA(0); provider = "CUDA"; }
                catch (OnnxRuntimeException e) { ReportCudaFallback(e.Message); }
        }
        try { return new InferenceSession(model, so); }
        catch (OnnxRuntimeException e) when (provider == "CUDA")
        {
            ReportCudaFallback(e.Message);
            provider = "CPU";
            return Create(model, what, Device.Cpu, out provider);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{what}: ONNX Runtime cannot load this model: {e.Message}", e);
        }
    }

    static void ReportCudaFallback(string why)
    {
        lock (Gate)
        {
            if (_cudaReported) return;
            _cudaReported = true;
        }
        Console.Error.WriteLine($"vist: CUDA not usable, running on CPU ({FirstLine(why)})");
    }

    static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
