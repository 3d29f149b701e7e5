using System.Runtime.InteropServices;

namespace ViST.Renderer.Gl;

/// <summary>The few EGL 1.5 entry points a headless context needs (libEGL.so.1, Mesa).</summary>
internal static partial class Egl
{
    const string Lib = "libEGL.so.1";

    public const int PlatformSurfacelessMesa = 0x31DD;
    public const int OpenGlApi = 0x30A2;
    public const int SurfaceType = 0x3033, PbufferBit = 0x0001;
    public const int RenderableType = 0x3040, OpenGlBit = 0x0008;
    public const int None = 0x3038;
    public const int ContextMajorVersion = 0x3098, ContextMinorVersion = 0x30FB;
    public const int ContextOpenGlProfileMask = 0x30FD, ContextOpenGlCoreProfileBit = 0x1;

    [LibraryImport(Lib)] public static partial nint eglGetPlatformDisplay(int platform, nint nativeDisplay, nint attribs);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.I4)] public static partial bool eglInitialize(nint dpy, out int major, out int minor);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.I4)] public static partial bool eglBindAPI(int api);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.I4)] public static partial bool eglChooseConfig(nint dpy, int[] attribs, nint[] configs, int size, out int count);
    [LibraryImport(Lib)] public static partial nint eglCreateContext(nint dpy, nint config, nint share, int[] attribs);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.I4)] public static partial bool eglMakeCurrent(nint dpy, nint draw, nint read, nint ctx);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.I4)] public static partial bool eglDestroyContext(nint dpy, nint ctx);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial nint eglGetProcAddress(string name);
    [LibraryImport(Lib)] public static partial int eglGetError();
}
