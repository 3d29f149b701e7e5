using System.Runtime.InteropServices;
using TorchSharp;
using ViST.RetinaModel.Runtime;

namespace ViST.Trainer.Torch;

/// <summary>
/// Loads libtorch before TorchSharp does, for two reasons. A library that cannot be loaded becomes one error line:
/// TorchSharp's own fallback prints pages to stdout and copies the whole libtorch out of the NuGet cache into the
/// program's folder. And VIST_LIBTORCH can name another libtorch: PyTorch's torch/lib (with CUDA, which NuGet does
/// not serve) or libtorch/lib from pytorch.org. Its libraries are loaded first, by full path, so TorchSharp's shim
/// binds to them by soname instead of to the CPU libtorch that comes with the build (the order is the one verified
/// on a GPU machine: shared/reference/gpu-recipe.md).
/// </summary>
internal static class LibtorchLoader
{
    static IntPtr _folderTorchCpu;

    /// <summary>Loads VIST_LIBTORCH's libraries (when set), then TorchSharp's shim; throws one-line errors.</summary>
    public static void Load()
    {
        string? dir = LibtorchFolder.FromEnvironment();
        if (dir != null) LoadFolder(dir);
        try { NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, null); }
        catch (DllNotFoundException e)
        {
            throw new PlatformNotSupportedException(dir is null
                ? $"libtorch: cannot be loaded ({NativeLoadFailure.Reason(e)}); vist-train needs libtorch_cpu.so, which comes with " +
                  "the program (runtimes/linux-x64/native/ beside it): rebuild it (./vist-train does), or set VIST_LIBTORCH to a libtorch folder"
                : $"{LibtorchFolder.Variable}={dir}: TorchSharp's shim cannot use this libtorch ({NativeLoadFailure.Reason(e)})", e);
        }
    }

    static void LoadFolder(string dir)
    {
        if (LibtorchFolder.Problem(dir) is { } problem)
            throw Directory.Exists(dir) ? new FileNotFoundException(problem) : new DirectoryNotFoundException(problem);
        foreach (var (file, _) in LibtorchFolder.Libraries)
        {
            string path = Path.Combine(dir, file);
            if (!File.Exists(path)) continue;   // the CUDA pair, in a CPU build
            IntPtr handle;
            try { handle = NativeLibrary.Load(path); }
            catch (DllNotFoundException e) { throw new PlatformNotSupportedException($"{path}: cannot be loaded ({NativeLoadFailure.Reason(e)})", e); }
            if (file == "libtorch_cpu.so") _folderTorchCpu = handle;
        }
        // TorchRuntime's own entry points (oneDNN off) must reach the same libtorch_cpu, not the packaged copy, which
        // .NET would otherwise load beside it by full path.
        NativeLibrary.SetDllImportResolver(typeof(LibtorchLoader).Assembly,
            (name, _, _) => name == "libtorch_cpu" ? _folderTorchCpu : IntPtr.Zero);
    }
}
