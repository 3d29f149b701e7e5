using System.Runtime.InteropServices;
using Silk.NET.OpenGL;
using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;

namespace ViST.Renderer;

/// <summary>
/// An on-screen window (GLFW, X11/Wayland) that renders scenes into the same 360x360 luminance frame as
/// <see cref="HeadlessRenderer"/> (same shaders, same pixels) and shows it scaled to the window, letterboxed,
/// nearest pixel; with a side panel (<see cref="ShowPanel"/>, an RGBA image drawn elsewhere) the frame is on the
/// left and the panel on the right, both at the same scale. GLFW and the window's GL context belong to the thread that created the window: call every
/// method from that thread (the live loop's).
/// </summary>
public sealed class SceneWindow : IDisposable
{
    static readonly object InitLock = new();
    static bool _initialised;
    static string? _lastError;
    // Kept in a static so the delegate GLFW calls is never collected.
    static readonly Glfw.ErrorCallback OnError = (code, text) => _lastError = $"{Marshal.PtrToStringUTF8(text)} (GLFW error 0x{code:X})";

    readonly nint _window;
    readonly GL _gl;
    readonly SceneRenderer _renderer;
    readonly Glfw.KeyCallback _onKey;
    ByteTexture? _panel;

    /// <summary>A key went down: GLFW key code (GLFW_KEY_*, e.g. 32 = space, 256 = escape) and modifier bits.</summary>
    public event Action<int, int>? KeyPressed;

    /// <param name="visible">False: a window that is never shown (`vist doctor` checks that one can open).</param>
    public SceneWindow(string title, int width = 720, int height = 720, ShaderLibrary? shaders = null, bool vsync = true, bool visible = true)
    {
        shaders ??= ShaderLibrary.Load();
        Init();
        Glfw.glfwWindowHint(Glfw.Visible, visible ? 1 : 0);
        Glfw.glfwWindowHint(Glfw.ContextVersionMajor, 3);
        Glfw.glfwWindowHint(Glfw.ContextVersionMinor, 3);
        Glfw.glfwWindowHint(Glfw.OpenGlProfile, Glfw.OpenGlCoreProfile);
        Glfw.glfwWindowHint(Glfw.OpenGlForwardCompat, 1);
        _window = Glfw.glfwCreateWindow(width, height, title, 0, 0);
        if (_window == 0)
            throw DebianPackages.Missing("window", $"cannot open a {width}x{height} OpenGL 3.3 window: {_lastError ?? "unknown GLFW error"}", DebianPackages.Window);
        Glfw.glfwMakeContextCurrent(_window);
        Glfw.glfwSwapInterval(vsync ? 1 : 0);
        _gl = GL.GetApi(Glfw.glfwGetProcAddress);
        try { _renderer = new SceneRenderer(_gl, shaders); }
        catch { Glfw.glfwDestroyWindow(_window); throw; }
        _onKey = (_, key, _, action, mods) => { if (action == Glfw.Press) KeyPressed?.Invoke(key, mods); };
        Glfw.glfwSetKeyCallback(_window, _onKey);
    }

    static void Init()
    {
        lock (InitLock)
        {
            if (_initialised) return;
            try { Glfw.glfwSetErrorCallback(OnError); }
            catch (DllNotFoundException e)
            {
                throw DebianPackages.Missing("libglfw.so.3", "not found; a window needs it (headless rendering does not)", DebianPackages.Window, e);
            }
            if (Glfw.glfwInit() == 0)
                throw new InvalidOperationException($"cannot start GLFW with DISPLAY={Environment.GetEnvironmentVariable("DISPLAY") ?? "(not set)"}: {_lastError ?? "no display"}");
            _initialised = true;
        }
    }

    public bool ShouldClose
    {
        get => Glfw.glfwWindowShouldClose(_window) != 0;
        set => Glfw.glfwSetWindowShouldClose(_window, value ? 1 : 0);
    }

    /// <summary>Handles pending window events (keys, close button); call once per frame.</summary>
    public void PollEvents() => Glfw.glfwPollEvents();

    /// <summary>Opens the scene's movie and image files now, so that the live loop does not stall on them.</summary>
    public void Prepare(Scene scene) => _renderer.Prepare(scene);

    /// <summary>Renders frame <paramref name="index"/> of the scene into the window's frame; with a
    /// <paramref name="dst"/>, the frame is also read back (360*360 bytes). Call <see cref="Present"/> to show it.</summary>
    public void Render(Scene scene, long index, Span<byte> dst = default)
    {
        _renderer.Draw(scene, index);
        if (!dst.IsEmpty) _renderer.ReadBack(dst);
    }

    /// <summary>Puts a frame made elsewhere (a movie, a replay) into the window's frame.</summary>
    public void Show(ReadOnlySpan<byte> frame) => _renderer.Target.Texture.Upload(frame);

    /// <summary>Puts an RGBA image (rows top first) beside the frame; the window keeps the last one until the next call.
    /// Its height is drawn at the frame's height, so a 360x720 panel beside the 360x360 frame takes half its width.</summary>
    public void ShowPanel(ReadOnlySpan<byte> rgba, int width, int height)
    {
        if (_panel is null || _panel.Width != width || _panel.Height != height)
        {
            _panel?.Dispose();
            _panel = ByteTexture.Rgba(_gl, width, height);
        }
        _panel.Upload(rgba);
    }

    /// <summary>Draws the frame scaled into the window and swaps buffers (waits for vsync when enabled).</summary>
    public void Present()
    {
        DrawDisplay();
        Glfw.glfwSwapBuffers(_window);
    }

    /// <summary>What the window shows, as gray bytes top row first (width x height of the framebuffer): the red
    /// channel of <see cref="CaptureRgba"/> (the frame is gray, so that is its luminance).</summary>
    public byte[] Capture(out int width, out int height)
    {
        var rgba = CaptureRgba(out width, out height);
        var gray = new byte[width * height];
        for (int i = 0; i < gray.Length; i++) gray[i] = rgba[i * 4];
        return gray;
    }

    /// <summary>What the window shows, as RGBA bytes top row first (width x height of the framebuffer): the display
    /// is drawn into the back buffer and read back with glReadPixels, without swapping.</summary>
    public unsafe byte[] CaptureRgba(out int width, out int height)
    {
        DrawDisplay();
        Glfw.glfwGetFramebufferSize(_window, out width, out height);
        var rgba = new byte[width * height * 4];
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, 0);
        _gl.ReadBuffer(ReadBufferMode.Back);
        _gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        fixed (byte* p = rgba) _gl.ReadPixels(0, 0, (uint)width, (uint)height, PixelFormat.Rgba, PixelType.UnsignedByte, p);
        var flipped = new byte[rgba.Length];   // the window's rows start at the bottom
        int row = width * 4;
        for (int y = 0; y < height; y++) rgba.AsSpan((height - 1 - y) * row, row).CopyTo(flipped.AsSpan(y * row, row));
        return flipped;
    }

    void DrawDisplay()
    {
        Glfw.glfwGetFramebufferSize(_window, out int w, out int h);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
        _gl.Viewport(0, 0, (uint)w, (uint)h);
        _gl.ClearColor(0, 0, 0, 1);
        _gl.Clear(ClearBufferMask.ColorBufferBit);
        // The largest frame square (plus the panel beside it, at the same height) that fits, centred: both keep
        // their aspect ratios.
        double panelAspect = _panel is null ? 0 : (double)_panel.Width / _panel.Height;
        int side = (int)Math.Min(h, w / (1 + panelAspect)), panelW = (int)(side * panelAspect);
        int x0 = (w - side - panelW) / 2, y0 = (h - side) / 2;
        _renderer.Resources.BindEmptyVertexArray();
        _gl.Viewport(x0, y0, (uint)side, (uint)side);
        _renderer.Target.Texture.Bind(0);
        _renderer.Resources.Display.Use().Set("uFrame", 0).Set("uRgba", false).Set("uViewport", x0, y0, side, side);
        _renderer.Resources.DrawFullscreen();
        if (_panel is null || panelW == 0) return;
        _gl.Viewport(x0 + side, y0, (uint)panelW, (uint)side);
        _panel.Bind(0);
        _renderer.Resources.Display.Use().Set("uRgba", true).Set("uViewport", x0 + side, y0, panelW, side);
        _renderer.Resources.DrawFullscreen();
    }

    public void Dispose()
    {
        Glfw.glfwMakeContextCurrent(_window);
        _panel?.Dispose();
        _renderer.Dispose();
        Glfw.glfwSetKeyCallback(_window, null);
        Glfw.glfwDestroyWindow(_window);
    }
}
