using ViST.Cli;
using ViST.RetinaModel.Runtime;

namespace ViST.Trainer.Torch;

/// <summary>
/// A libtorch of the user's (VIST_LIBTORCH=DIR or --libtorch DIR; the folder and its libraries are described by
/// <see cref="LibtorchFolder"/>, which `vist doctor` reads as well), typically PyTorch's torch/lib with its CUDA
/// libraries: NuGet serves no CUDA libtorch, so this is how vist-train trains on a GPU. Loaded before TorchSharp
/// starts. TorchSharp then finds these libraries by soname (libLibTorchSharp.so links to libtorch.so, libc10.so and
/// libtorch_cpu.so by name; its own "torch_cpu"/"torch_cuda" loads fall back to the loaded sonames) as long as the
/// program does not carry a different libtorch of its own, which .NET would find first and load beside this one
/// (tools/publish-gpu.sh builds vist-train without it). Every way this can go wrong is a UserInputException naming
/// the folder and the reason.
/// </summary>
public sealed record UserLibTorch(string Folder, string Source, LibTorchBuild Build, bool CudaLibraries)
{
    /// <summary>Set to 1 to use a libtorch of another minor version than TorchSharp's (at one's own risk).</summary>
    public const string AnyVersionVariable = "VIST_LIBTORCH_ANY_VERSION";

    /// <summary>Whether the version check was overridden for this libtorch.</summary>
    public bool VersionOverridden => !Build.Compatible;

    /// <summary>Checks and loads the libtorch in <paramref name="folder"/>, given by <paramref name="source"/>
    /// (<see cref="LibtorchFolder.Variable"/> or the --libtorch option), which messages name.</summary>
    public static UserLibTorch Load(string folder, string source)
    {
        string label = source == LibtorchFolder.Variable ? $"{source}={folder}" : $"{source} {folder}";
        string dir = Path.GetFullPath(folder);
        if (LibtorchFolder.Problem(dir, label) is { } problem) throw new UserInputException(problem);
        if (NativeLoader.IsLoaded("libtorch_cpu.so"))
            throw new InvalidOperationException("libtorch is already loaded: a user's libtorch must be loaded before TorchSharp starts");

        LibTorchBuild? build = null;
        foreach (var (name, _) in LibtorchFolder.Libraries)
        {
            string path = Path.Combine(dir, name);
            if (!File.Exists(path)) continue;                 // the CUDA pair, in a CPU build (the others were checked)
            var (_, error) = NativeLoader.Load(path);
            if (error != null)
                throw new UserInputException($"{label}: {name} does not load: {error}" + (name.Contains("cuda") ? CudaHint : ""));
            RefuseOtherCopy(name, label);
            if (name == "libtorch_cpu.so") build = CheckedBuild(label);
        }
        RequireTorchSharpLinks(label, build!);
        return new UserLibTorch(dir, source, build!, File.Exists(Path.Combine(dir, LibtorchFolder.CudaLibrary)));
    }

    const string CudaHint = ". The CUDA libraries it names must be findable: PyTorch's pip wheels find theirs in " +
        "site-packages/nvidia/*/lib by themselves; for other installs put the folders holding libcudart, libcublas and " +
        "libcudnn on LD_LIBRARY_PATH before starting vist-train";

    /// <summary>A libtorch library of the same name that this program carries and that is not the file just loaded
    /// would be loaded beside it by name (two libtorch copies in one process). Refused, before anything asks for it.</summary>
    static void RefuseOtherCopy(string name, string label)
    {
        if (AppNativeFiles.Find(name) is { } own && !NativeLoader.IsLoaded(own))
            throw new UserInputException($"{label}: this vist-train carries its own libtorch ({own}), which TorchSharp would " +
                "load beside yours; use a build without it (tools/publish-gpu.sh, or build src/Trainer with -p:ViSTPackagedLibTorch=false)");
    }

    static LibTorchBuild CheckedBuild(string label)
    {
        LibTorchBuild build;
        try { build = LibTorchBuild.OfLoaded(); }
        catch (Exception e) when (e is EntryPointNotFoundException or InvalidDataException)
        {
            throw new UserInputException($"{label}: libtorch_cpu.so does not say its version (at::show_config(): {e.Message}); " +
                "a libtorch built with the pre-C++11 ABI, or not a libtorch");
        }
        if (!build.Compatible && Environment.GetEnvironmentVariable(AnyVersionVariable) != "1")
            throw new UserInputException($"{label}: libtorch {build.Version}, but this vist-train's TorchSharp " +
                $"{TorchSharpVersion} needs libtorch {LibTorchBuild.Required}.x (libtorch's C++ interface changes between minor " +
                $"versions); install PyTorch {LibTorchBuild.Required} (pip install \"torch=={LibTorchBuild.Required}.*\") and give its " +
                $"torch/lib, or set {AnyVersionVariable}=1 to try this one anyway");
        return build;
    }

    /// <summary>Binds every libtorch symbol TorchSharp's native library uses now, so a libtorch that lacks one is
    /// refused here with its name instead of ending the process at the first call that needs it.</summary>
    static void RequireTorchSharpLinks(string label, LibTorchBuild build)
    {
        var (_, error) = NativeLoader.LoadBindingNow(AppNativeFiles.TorchSharpShim());
        if (error != null)
            throw new UserInputException($"{label}: TorchSharp {TorchSharpVersion} cannot use libtorch {build.Version}: {error}");
    }

    static string TorchSharpVersion => typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3) ?? "?";

    /// <summary>One phrase for the runs-on line: "libtorch 2.10.0 from DIR (VIST_LIBTORCH)".</summary>
    public string Describe() =>
        $"libtorch {Build.Version} from {Folder} ({Source}" +
        (VersionOverridden ? $"; not {LibTorchBuild.Required}, {AnyVersionVariable}=1" : "") + ")";
}
