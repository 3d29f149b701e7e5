using Silk.NET.OpenGL;

namespace ViST.Renderer.Gl;

/// <summary>
/// A headless OpenGL 3.3 core context through EGL on Mesa's surfaceless platform: no X server, no window
/// (llvmpipe on a CPU, the GPU driver where there is one). Like every GL context it is current on the thread
/// that created it; <see cref="HeadlessRenderer"/> keeps it on a thread of its own.
/// </summary>
internal sealed class EglContext : IDisposable
{
    // One EGL display per process: eglInitialize is reference-free in Mesa, and terminating it while another
    // thread's context is alive would pull the rug from under that context.
    static readonly Lazy<nint> SharedDisplay = new(OpenDisplay, LazyThreadSafetyMode.ExecutionAndPublication);

    readonly nint _display, _context;
    public GL Gl { get; }

    public EglContext()
    {
        _display = SharedDisplay.Value;
        if (!Egl.eglBindAPI(Egl.OpenGlApi)) throw Fail("eglBindAPI(OpenGL)");
        // EGL_PBUFFER_BIT: without a surface type Mesa matches only window configs, of which surfaceless has none.
        int[] configAttribs = [Egl.SurfaceType, Egl.PbufferBit, Egl.RenderableType, Egl.OpenGlBit, Egl.None];
        var configs = new nint[1];
        if (!Egl.eglChooseConfig(_display, configAttribs, configs, 1, out int count) || count < 1)
            throw Fail("eglChooseConfig (no OpenGL pbuffer config)");
        int[] contextAttribs = [Egl.ContextMajorVersion, 3, Egl.ContextMinorVersion, 3,
            Egl.ContextOpenGlProfileMask, Egl.ContextOpenGlCoreProfileBit, Egl.None];
        _context = Egl.eglCreateContext(_display, configs[0], 0, contextAttribs);
        if (_context == 0) throw Fail("eglCreateContext (OpenGL 3.3 core)");
        if (!Egl.eglMakeCurrent(_display, 0, 0, _context)) throw Fail("eglMakeCurrent (surfaceless)");
        Gl = GL.GetApi(Egl.eglGetProcAddress);
    }

    static nint OpenDisplay()
    {
        nint dpy;
        try { dpy = Egl.eglGetPlatformDisplay(Egl.PlatformSurfacelessMesa, 0, 0); }
        catch (DllNotFoundException e)
        {
            throw DebianPackages.Missing("libEGL.so.1", "not found; rendering stimuli needs it", DebianPackages.HeadlessGl, e);
        }
        if (dpy == 0 || !Egl.eglInitialize(dpy, out _, out _))
            throw Fail("eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA) / eglInitialize");
        return dpy;
    }

    /// <summary>Where an EGL call fails, Mesa's EGL or OpenGL driver is missing or cannot run here: the error names
    /// the call and the packages that bring the drivers.</summary>
    static PlatformNotSupportedException Fail(string what) =>
        DebianPackages.Missing("EGL", $"{what} failed (EGL error 0x{Egl.eglGetError():X4}): no usable OpenGL driver for rendering stimuli", DebianPackages.HeadlessGl);

    public void Dispose()
    {
        Egl.eglMakeCurrent(_display, 0, 0, 0);
        Egl.eglDestroyContext(_display, _context);
    }
}
