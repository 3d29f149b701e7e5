namespace ViST.Trainer.Torch;

/// <summary>
/// The native libraries this program carries: the folders .NET searches first when TorchSharp (or a DllImport of
/// ours) asks for a library by name. The host lists them in NATIVE_DLL_SEARCH_DIRECTORIES (the program's folder
/// and, in a build folder, runtimes/linux-x64/native/). A libtorch found here is the packaged one; TorchSharp loads
/// whatever it finds here before it falls back to a library already loaded under that soname.
/// </summary>
static class AppNativeFiles
{
    /// <summary>The full path of <paramref name="fileName"/> in the first search folder holding it, or null.</summary>
    public static string? Find(string fileName) =>
        SearchFolders().Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);

    /// <summary>TorchSharp's native library (libLibTorchSharp.so), which every build carries: the file TorchSharp
    /// itself loads, so loading it first by this path gives TorchSharp the same handle.</summary>
    public static string TorchSharpShim() => Find("libLibTorchSharp.so")
        ?? throw new PlatformNotSupportedException("libLibTorchSharp.so: this vist-train is incomplete (TorchSharp's native library is not beside it); rebuild it (./vist-train does)");

    static IEnumerable<string> SearchFolders()
    {
        var listed = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return listed.Append(AppContext.BaseDirectory).Distinct();
    }
}
