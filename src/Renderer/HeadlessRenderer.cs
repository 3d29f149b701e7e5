using Silk.NET.OpenGL;
using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;

namespace ViST.Renderer;

/// <summary>
/// Offscreen rendering through EGL (no display needed), safe to call from any thread: the GL context lives on a
/// thread of its own and calls are queued to it. For throughput, render many frames or many scenes per call
/// (<see cref="RenderFrames"/>, <see cref="RenderBatch"/>). Several renderers may run side by side.
/// </summary>
public sealed class HeadlessRenderer : IDisposable
{
    readonly GlThread _thread;
    readonly EglContext _context;
    readonly SceneRenderer _renderer;

    /// <summary>Creates the context and compiles every shader of <paramref name="shaders"/> (default: the
    /// shaders/ folder beside the program); a broken shader fails here with its file and line.</summary>
    public HeadlessRenderer(ShaderLibrary? shaders = null)
    {
        shaders ??= ShaderLibrary.Load();
        _thread = new GlThread("vist-gl-headless");
        try
        {
            (_context, _renderer) = _thread.Invoke(() =>
            {
                var context = new EglContext();
                try { return (context, new SceneRenderer(context.Gl, shaders)); }
                catch { context.Dispose(); throw; }
            });
            (GlRenderer, GlVersion) = _thread.Invoke(() => (_context.Gl.GetStringS(StringName.Renderer), _context.Gl.GetStringS(StringName.Version)));
        }
        catch
        {
            _thread.Dispose();
            throw;
        }
    }

    /// <summary>The GL implementation in use, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)".</summary>
    public string GlRenderer { get; }

    /// <summary>The OpenGL version the context got, e.g. "4.5 (Core Profile) Mesa 22.3.6".</summary>
    public string GlVersion { get; }

    /// <summary>Opens the scene's movie and image files now (see <see cref="SceneRenderer.Prepare"/>); optional.</summary>
    public void Prepare(Scene scene) => _thread.Invoke(() => _renderer.Prepare(scene));

    /// <summary>Frame <paramref name="index"/> of <paramref name="scene"/> into <paramref name="dst"/> (360*360 bytes).</summary>
    public void Render(Scene scene, long index, Span<byte> dst) => RenderFrames(scene, index, 1, dst);

    /// <summary><paramref name="count"/> consecutive frames from <paramref name="first"/>, one after another in <paramref name="dst"/>.</summary>
    public unsafe void RenderFrames(Scene scene, long first, int count, Span<byte> dst)
    {
        CheckSize(dst, count);
        fixed (byte* p = dst)
        {
            nint ptr = (nint)p;
            _thread.Invoke(() =>
            {
                for (int k = 0; k < count; k++)
                {
                    _renderer.Draw(scene, first + k);
                    _renderer.ReadBack(new Span<byte>((byte*)ptr + (long)k * FrameSpec.Pixels, FrameSpec.Pixels));
                }
            });
        }
    }

    /// <summary>Frame <paramref name="index"/> of each scene (sweep conditions), one after another in <paramref name="dst"/>.</summary>
    public unsafe void RenderBatch(IReadOnlyList<Scene> scenes, long index, Span<byte> dst)
    {
        CheckSize(dst, scenes.Count);
        fixed (byte* p = dst)
        {
            nint ptr = (nint)p;
            _thread.Invoke(() =>
            {
                for (int k = 0; k < scenes.Count; k++)
                {
                    _renderer.Draw(scenes[k], index);
                    _renderer.ReadBack(new Span<byte>((byte*)ptr + (long)k * FrameSpec.Pixels, FrameSpec.Pixels));
                }
            });
        }
    }

    static void CheckSize(Span<byte> dst, int frames)
    {
        if (frames < 0) throw new ArgumentOutOfRangeException(nameof(frames));
        if (dst.Length < (long)frames * FrameSpec.Pixels)
            throw new ArgumentException($"{frames} frames need {(long)frames * FrameSpec.Pixels} bytes, got {dst.Length}");
    }

    public void Dispose()
    {
        _thread.Invoke(() => { _renderer.Dispose(); _context.Dispose(); });
        _thread.Dispose();
    }
}
