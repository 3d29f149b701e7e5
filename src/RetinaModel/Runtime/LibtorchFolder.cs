namespace ViST.RetinaModel.Runtime;

/// <summary>
/// VIST_LIBTORCH: a folder of libtorch's libraries (PyTorch's torch/lib, or libtorch/lib from pytorch.org) that
/// vist-train runs on instead of the CPU libtorch that comes with it, e.g. for CUDA, which NuGet does not serve.
/// vist-train loads them (Trainer/Torch/LibtorchLoader); `vist doctor`, which does not reference TorchSharp,
/// looks for them (Simulator/Doctor/LibtorchProbe). Both read this one description.
/// </summary>
public static class LibtorchFolder
{
    public const string Variable = "VIST_LIBTORCH";

    /// <summary>The libraries in the order they depend on each other; the CUDA pair only exists in a CUDA build.</summary>
    public static readonly (string File, bool Required)[] Libraries =
        [("libc10.so", true), ("libtorch_cpu.so", true), ("libc10_cuda.so", false), ("libtorch_cuda.so", false), ("libtorch.so", true)];

    public const string CudaLibrary = "libtorch_cuda.so";

    /// <summary>What the variable is for, in error messages.</summary>
    public const string Expected = "it names a folder of libtorch's libraries: PyTorch's torch/lib or libtorch/lib";

    /// <summary>The variable's value, or null when it is not set.</summary>
    public static string? FromEnvironment() => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : null;

    /// <summary>Null when <paramref name="folder"/> holds the required libraries, else why not.</summary>
    public static string? Problem(string folder)
    {
        if (!Directory.Exists(folder)) return $"{Variable}={folder}: no such folder ({Expected})";
        return Libraries.FirstOrDefault(l => l.Required && !File.Exists(Path.Combine(folder, l.File))) is { File: { } absent }
            ? $"{Variable}={folder}: no {absent} there ({Expected})" : null;
    }
}
