using ViST.Cli;

namespace ViST.Trainer.Torch;

/// <summary>
/// A libtorch of the user's (VIST_LIBTORCH=DIR or --libtorch DIR), typically PyTorch's torch/lib with its CUDA
/// libraries: NuGet serves no CUDA libtorch, so this is how vist-train trains on a GPU. Loaded before TorchSharp
/// starts. TorchSharp then finds these libraries by soname (libLibTorchSharp.so links to libtorch.so, libc10.so and
/// libtorch_cpu.so by name; its own "torch_cpu"/"torch_cuda" loads fall back to the loaded sonames) as long as the
/// program does not carry a different libtorch of its own, which .NET would find first and load beside this one
/// (tools/publish-gpu.sh builds vist-train without it). Every way this can go wrong is a UserInputException naming
/// the folder and the reason.
/// </summary>
public sealed record UserLibTorch(string Folder, string Source, LibTorchBuild Build, bool CudaLibraries)
{
    public const string Variable = "VIST_LIBTORCH";
    /// <summary>Set to 1 to use a libtorch of another minor version than TorchSharp's (at one's own risk).</summary>
    public const string AnyVersionVariable = "VIST_LIBTORCH_ANY_VERSION";

    /// <summary>The load order (gpu-recipe.md): each library needs the ones before it. The CUDA ones are loaded only
    /// where the folder has them (a CPU build of PyTorch has neither).</summary>
    static readonly string[] LoadOrder = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];
    static readonly string[] Essential = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    const string WhereIsTorchLib = "python3 -c \"import torch, os; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))\"";

    /// <summary>Whether the version check was overridden for this libtorch.</summary>
    public bool VersionOverridden => !Build.Compatible;

    /// <summary>Checks and loads the libtorch in <paramref name="folder"/>, given by <paramref name="source"/>
    /// (<see cref="Variable"/> or the --libtorch option), which messages name.</summary>
    public static UserLibTorch Load(string folder, string source)
    {
        string label = source == Variable ? $"{source}={folder}" : $"{source} {folder}";
        string dir = Path.GetFullPath(folder);
        if (!Directory.Exists(dir)) throw new UserInputException($"{label}: no such folder");
        var missing = Essential.Where(f => !File.Exists(Path.Combine(dir, f))).ToList();
        if (missing.Count > 0)
            throw new UserInputException($"{label}: not a libtorch folder (no {string.Join(", ", missing)}); give PyTorch's " +
                $"torch/lib folder, which {WhereIsTorchLib} prints");
        if (NativeLoader.IsLoaded("libtorch_cpu.so"))
            throw new InvalidOperationException("libtorch is already loaded: a user's libtorch must be loaded before TorchSharp starts");

        LibTorchBuild? build = null;
        foreach (string name in LoadOrder)
        {
            string path = Path.Combine(dir, name);
            if (!File.Exists(path)) continue;                 // only the CUDA ones can be absent here
            var (_, error) = NativeLoader.Load(path);
            if (error != null)
                throw new UserInputException($"{label}: {name} does not load: {error}" + (name.Contains("cuda") ? CudaHint : ""));
            RefuseOtherCopy(name, label);
            if (name == "libtorch_cpu.so") build = CheckedBuild(label);
        }
        RequireTorchSharpLinks(label, build!);
        return new UserLibTorch(dir, source, build!, File.Exists(Path.Combine(dir, "libtorch_cuda.so")));
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
        string shim = AppNativeFiles.Find("libLibTorchSharp.so")
            ?? throw new UserInputException("this vist-train is incomplete: TorchSharp's libLibTorchSharp.so is not beside it");
        var (_, error) = NativeLoader.LoadBindingNow(shim);
        if (error != null)
            throw new UserInputException($"{label}: TorchSharp {TorchSharpVersion} cannot use libtorch {build.Version}: {error}");
    }

    static string TorchSharpVersion => typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3) ?? "?";

    /// <summary>One phrase for the runs-on line: "libtorch 2.10.0 from DIR (VIST_LIBTORCH)".</summary>
    public string Describe() =>
        $"libtorch {Build.Version} from {Folder} ({Source}" +
        (VersionOverridden ? $"; not {LibTorchBuild.Required}, {AnyVersionVariable}=1" : "") + ")";
}
