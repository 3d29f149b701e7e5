using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace ViST.Trainer.Torch;

/// <summary>
/// What the loaded libtorch says about itself: its version and whether it was built with CUDA, read from
/// at::show_config() (torch.__config__.show() in Python: "... Build settings: ..., TORCH_VERSION=2.10.0, USE_CUDA=ON,
/// ..."). Every libtorch has it, whatever its packaging (PyTorch's pip wheel, the libtorch zip, conda, NuGet), where a
/// version file exists only in some; the NuGet package has none.
/// </summary>
public sealed partial record LibTorchBuild(string Version, bool Cuda)
{
    /// <summary>The libtorch minor version TorchSharp 0.107 is built against (its libtorch-cpu package is 2.10.0;
    /// TorchRuntimeTests checks this against torch.__version__). libtorch's C++ ABI changes between minor versions.</summary>
    public const string Required = "2.10";

    /// <summary>Whether TorchSharp can use this libtorch: any 2.10.x.</summary>
    public bool Compatible => Version == Required || Version.StartsWith(Required + ".", StringComparison.Ordinal);

    // std::string at::show_config() (C++11 ABI, which TorchSharp's own library needs as well). Returned through a
    // hidden pointer to caller memory that receives the std::string: { char* data; size_t length; 16 bytes }.
    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at11show_configB5cxx11Ev")]
    static extern void ShowConfig(IntPtr result);

    // operator delete, to free the string's heap buffer with the allocator that made it.
    [DllImport("libstdc++.so.6", EntryPoint = "_ZdlPv")]
    static extern void OperatorDelete(IntPtr p);

    /// <summary>The libtorch_cpu loaded in this process (by soname) describes itself.</summary>
    public static LibTorchBuild OfLoaded()
    {
        IntPtr s = Marshal.AllocHGlobal(32);
        try
        {
            ShowConfig(s);
            IntPtr data = Marshal.ReadIntPtr(s);
            long length = Marshal.ReadInt64(s, 8);
            string text = Marshal.PtrToStringUTF8(data, checked((int)length));
            if (data != s + 16) OperatorDelete(data);       // longer than the 15 bytes kept inside the string itself
            return Parse(text);
        }
        finally { Marshal.FreeHGlobal(s); }
    }

    /// <summary>The version and CUDA flag in a show_config() text.</summary>
    public static LibTorchBuild Parse(string showConfig)
    {
        var version = VersionSetting().Match(showConfig);
        if (!version.Success) throw new InvalidDataException("at::show_config() names no TORCH_VERSION");
        var cuda = CudaSetting().Match(showConfig);
        return new LibTorchBuild(version.Groups[1].Value,
            cuda.Success && cuda.Groups[1].Value.ToUpperInvariant() is "ON" or "1" or "TRUE" or "YES");
    }

    [GeneratedRegex(@"TORCH_VERSION=([0-9][0-9A-Za-z.+_-]*)")]
    private static partial Regex VersionSetting();

    [GeneratedRegex(@"\bUSE_CUDA=([A-Za-z0-9]+)")]
    private static partial Regex CudaSetting();
}
