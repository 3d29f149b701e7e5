using ViST.RetinaModel.Runtime;

namespace ViST.Trainer.Torch;

/// <summary>
/// The CPU libtorch that comes with vist-train (runtimes/linux-x64/native/ in a build), used when no folder of the
/// user's is given (<see cref="UserLibTorch"/>). Loaded here, through TorchSharp's native library, before TorchSharp
/// tries: a libtorch that is missing or cannot be loaded becomes one error line, where TorchSharp's own fallback
/// prints pages to stdout and copies the whole libtorch out of the NuGet cache into the program's folder.
/// </summary>
static class PackagedLibTorch
{
    public static void Load()
    {
        if (AppNativeFiles.Find("libtorch_cpu.so") == null)
            throw new PlatformNotSupportedException("libtorch: this vist-train has no libtorch_cpu.so of its own (a build for GPU machines, " +
                $"or an incomplete one: ./vist-train rebuilds it); for {LibtorchFolder.Variable} (or --libtorch), {LibtorchFolder.Expected}");
        // Lazy binding, as TorchSharp loads it: the packaged pair is built for each other, and the loader's message
        // (a missing dependency, a symbol version this system's libstdc++ lacks) is the useful part of a failure.
        var (_, error) = NativeLoader.Load(AppNativeFiles.TorchSharpShim());
        if (error != null)
            throw new PlatformNotSupportedException($"libtorch: cannot be loaded ({error}); vist-train needs the libtorch_cpu.so that " +
                $"comes with it: rebuild it (./vist-train does), or set {LibtorchFolder.Variable} to a libtorch folder");
    }
}
