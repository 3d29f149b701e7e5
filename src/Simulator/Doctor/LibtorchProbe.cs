using System.Text.Json;
using System.Text.RegularExpressions;
using ViST.RetinaModel.Runtime;

namespace ViST.Simulator.Doctor;

/// <summary>A libtorch that vist-train would run on: where, from what, its version (when it says), and whether it
/// has CUDA.</summary>
public sealed record LibtorchInstall(string Folder, string Source, string? Version, bool Cuda);

/// <summary>
/// Finds the libtorch vist-train would load, by its files alone: vist does not reference TorchSharp (it stays
/// light), so it cannot ask libtorch itself. First VIST_LIBTORCH (a folder of libtorch's libraries, e.g.
/// PyTorch's torch/lib; vist-train loads it before TorchSharp starts), else the CPU libtorch that comes with a
/// built vist-train: beside vist (a publish of both into one folder) or in the source tree's Trainer build.
/// </summary>
public static partial class LibtorchProbe
{
    /// <summary>The libtorch found, or null with the reason.</summary>
    public static LibtorchInstall? Find(out string problem)
    {
        problem = "";
        if (LibtorchFolder.FromEnvironment() is { } folder)
        {
            if (LibtorchFolder.Problem(folder) is { } wrong) { problem = wrong; return null; }
            return new LibtorchInstall(Path.GetFullPath(folder), LibtorchFolder.Variable, FolderVersion(folder),
                File.Exists(Path.Combine(folder, LibtorchFolder.CudaLibrary)));
        }
        foreach (var dir in TrainerFolders())
        {
            if (!File.Exists(Path.Combine(dir, "vist-train.dll"))) continue;
            string native = Path.Combine(dir, "runtimes", "linux-x64", "native");
            string? libs = new[] { native, dir }.FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));
            var (version, cuda) = PackageVersion(Path.Combine(dir, "vist-train.deps.json"));
            if (libs is null)
            {
                // a build without the libtorch package (tools/publish-gpu.sh) runs only on VIST_LIBTORCH's
                problem = version is null
                    ? $"{dir}: this vist-train is built without libtorch (for GPU machines) and {LibtorchFolder.Variable} is not set"
                    : $"{dir}: vist-train is there without libtorch_cpu.so (rebuild it: ./vist-train)";
                return null;
            }
            return new LibtorchInstall(Path.GetFullPath(libs), "vist-train", version, cuda || File.Exists(Path.Combine(libs, LibtorchFolder.CudaLibrary)));
        }
        problem = $"vist-train is not built here (./vist-train builds it), and {LibtorchFolder.Variable} is not set";
        return null;
    }

    /// <summary>Beside vist, then the source tree's src/Trainer/bin/CONFIG/TFM next to src/Simulator/bin/CONFIG/TFM.</summary>
    static IEnumerable<string> TrainerFolders()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        yield return here.FullName;
        var (tfm, config) = (here, here.Parent);
        if (config?.Parent?.Parent?.Parent is { } src)
            yield return Path.Combine(src.FullName, "Trainer", "bin", config.Name, tfm.Name);
    }

    /// <summary>PyTorch's torch/version.py (__version__ = '2.11.0+cu130') or libtorch's build-version, one folder up.</summary>
    static string? FolderVersion(string folder)
    {
        string parent = Path.GetFullPath(Path.Combine(folder, ".."));
        string py = Path.Combine(parent, "version.py"), build = Path.Combine(parent, "build-version");
        if (File.Exists(py) && VersionPy().Match(File.ReadAllText(py)) is { Success: true } m) return m.Groups[1].Value;
        return File.Exists(build) ? File.ReadAllText(build).Trim() : null;
    }

    /// <summary>The libtorch package vist-train was built with, from its deps.json ("libtorch-cpu-linux-x64/2.10.0").</summary>
    static (string? Version, bool Cuda) PackageVersion(string depsJson)
    {
        if (!File.Exists(depsJson)) return (null, false);
        using var doc = JsonDocument.Parse(File.ReadAllText(depsJson));
        if (!doc.RootElement.TryGetProperty("libraries", out var libraries)) return (null, false);
        foreach (var library in libraries.EnumerateObject())
            if (library.Name.StartsWith("libtorch-", StringComparison.Ordinal) && library.Name.Split('/') is [var id, var version])
                return ($"{version} ({id})", id.Contains("cuda", StringComparison.Ordinal));
        return (null, false);
    }

    [GeneratedRegex(@"__version__\s*=\s*['""]([^'""]+)['""]")]
    private static partial Regex VersionPy();
}
