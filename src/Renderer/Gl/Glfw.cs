using System.Runtime.InteropServices;

namespace ViST.Renderer.Gl;

/// <summary>The GLFW 3.3 entry points a window needs, from Debian's libglfw3 (libglfw.so.3).</summary>
internal static partial class Glfw
{
    const string Lib = "libglfw.so.3";

    public const int ContextVersionMajor = 0x22002, ContextVersionMinor = 0x22003;
    public const int OpenGlProfile = 0x22008, OpenGlCoreProfile = 0x32001, OpenGlForwardCompat = 0x22006, Visible = 0x20004;
    public const int Press = 1;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void KeyCallback(nint window, int key, int scancode, int action, int mods);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void ErrorCallback(int code, nint description);

    [LibraryImport(Lib)] public static partial int glfwInit();
    [LibraryImport(Lib)] public static partial void glfwWindowHint(int hint, int value);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial nint glfwCreateWindow(int width, int height, string title, nint monitor, nint share);
    [LibraryImport(Lib)] public static partial void glfwDestroyWindow(nint window);
    [LibraryImport(Lib)] public static partial void glfwMakeContextCurrent(nint window);
    [LibraryImport(Lib)] public static partial void glfwSwapInterval(int interval);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial nint glfwGetProcAddress(string name);
    [LibraryImport(Lib)] public static partial void glfwSwapBuffers(nint window);
    [LibraryImport(Lib)] public static partial void glfwPollEvents();
    [LibraryImport(Lib)] public static partial int glfwWindowShouldClose(nint window);
    [LibraryImport(Lib)] public static partial void glfwSetWindowShouldClose(nint window, int value);
    [LibraryImport(Lib)] public static partial void glfwGetFramebufferSize(nint window, out int width, out int height);
    [LibraryImport(Lib)] public static partial nint glfwSetKeyCallback(nint window, KeyCallback? callback);
    [LibraryImport(Lib)] public static partial nint glfwSetErrorCallback(ErrorCallback? callback);
}
