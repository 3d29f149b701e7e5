namespace ViST.RetinaModel.Runtime;

/// <summary>
/// VIST_LIBTORCH: a folder of libtorch's libraries (PyTorch's torch/lib, or libtorch/lib from pytorch.org) that
/// vist-train runs on instead of the CPU libtorch that comes with it, e.g. for CUDA, which NuGet does not serve.
/// vist-train loads them (Trainer/Torch/UserLibTorch, also for its --libtorch option); `vist doctor`, which does not
/// reference TorchSharp, looks for them (Simulator/Doctor/LibtorchProbe). Both read this one description.
/// </summary>
public static class LibtorchFolder
{
    public const string Variable = "VIST_LIBTORCH";

    /// <summary>The libraries in the order they must be loaded, each needing the ones before it (the order verified on
    /// a GPU machine: shared/reference/gpu-recipe.md); the CUDA pair only exists in a CUDA build.</summary>
    public static readonly (string File, bool Required)[] Libraries =
        [("libc10.so", true), ("libtorch_cpu.so", true), ("libc10_cuda.so", false), ("libtorch_cuda.so", false), ("libtorch.so", true)];

    public const string CudaLibrary = "libtorch_cuda.so";

    /// <summary>Which folder to give, in error messages.</summary>
    public const string Expected = "give PyTorch's torch/lib folder, which python3 -c \"import torch, os; " +
        "print(os.path.join(os.path.dirname(torch.__file__), 'lib'))\" prints, or libtorch/lib from pytorch.org";

    /// <summary>The variable's value, or null when it is not set.</summary>
    public static string? FromEnvironment() => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : null;

    /// <summary>Null when <paramref name="folder"/> holds the required libraries, else why not, after
    /// <paramref name="label"/> (how the user named the folder; default "VIST_LIBTORCH=FOLDER").</summary>
    public static string? Problem(string folder, string? label = null)
    {
        label ??= $"{Variable}={folder}";
        if (!Directory.Exists(folder)) return $"{label}: no such folder; {Expected}";
        var missing = Libraries.Where(l => l.Required && !File.Exists(Path.Combine(folder, l.File))).Select(l => l.File).ToList();
        return missing.Count > 0 ? $"{label}: not a libtorch folder (no {string.Join(", ", missing)}); {Expected}" : null;
    }
}
