using System.Runtime.InteropServices;

namespace ViST.Trainer.Torch;

/// <summary>
/// The dynamic loader (dlopen) used directly, for the three things .NET's NativeLibrary cannot do: give the loader's
/// own reason when a library does not load (a missing dependency, a bad ELF file), ask whether a file is already
/// loaded without loading it, and bind every symbol of a library at load time (RTLD_NOW), so that a library built
/// against another libtorch fails here with the missing symbol's name instead of killing the process at the first
/// call. libdl.so.2 exists on every glibc (on 2.34 and later it forwards to libc).
/// </summary>
static class NativeLoader
{
    const int RTLD_LAZY = 0x1, RTLD_NOW = 0x2, RTLD_NOLOAD = 0x4;

    [DllImport("libdl.so.2", EntryPoint = "dlopen")]
    static extern IntPtr DlOpen([MarshalAs(UnmanagedType.LPUTF8Str)] string? file, int mode);

    [DllImport("libdl.so.2", EntryPoint = "dlerror")]
    static extern IntPtr DlError();

    /// <summary>Loads <paramref name="path"/> as NativeLibrary.Load does (lazy binding, local scope); the handle, or
    /// null and the loader's message.</summary>
    public static (IntPtr Handle, string? Error) Load(string path) => Open(path, RTLD_LAZY);

    /// <summary>Loads <paramref name="path"/> with every symbol bound now; null and the loader's message (for example
    /// "undefined symbol: ...") when one cannot be.</summary>
    public static (IntPtr Handle, string? Error) LoadBindingNow(string path) => Open(path, RTLD_NOW);

    /// <summary>Whether the file at <paramref name="pathOrSoname"/> is the same file as one already loaded (the loader
    /// compares device and inode, so a hard link or symbolic link to a loaded file counts), or, for a bare name,
    /// whether a loaded library has that soname. Loads nothing.</summary>
    public static bool IsLoaded(string pathOrSoname) => DlOpen(pathOrSoname, RTLD_LAZY | RTLD_NOLOAD) != IntPtr.Zero;

    static (IntPtr, string?) Open(string path, int mode)
    {
        DlError();                                         // clear a stale message
        var handle = DlOpen(path, mode);
        return handle != IntPtr.Zero ? (handle, null) : (IntPtr.Zero, Marshal.PtrToStringUTF8(DlError()) ?? "unknown dlopen error");
    }
}
