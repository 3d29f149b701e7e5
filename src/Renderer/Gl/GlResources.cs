using Silk.NET.OpenGL;

namespace ViST.Renderer.Gl;

/// <summary>What every stimulus draws with in one GL context: the compiled programs (all built at start, so a
/// broken shader fails at once and names its file) and the draw calls they share.</summary>
internal sealed class GlResources : IDisposable
{
    public GL Gl { get; }
    public ShaderProgram Grating { get; }
    public ShaderProgram Shape { get; }
    public ShaderProgram Noise { get; }
    public ShaderProgram Leaves { get; }
    public ShaderProgram Texture { get; }
    public ShaderProgram Display { get; }
    readonly uint _emptyVao;

    public GlResources(GL gl, ShaderLibrary shaders)
    {
        Gl = gl;
        var built = new List<ShaderProgram>();
        ShaderProgram Build(string vs, string fs)
        {
            try { var p = new ShaderProgram(gl, shaders, vs, fs); built.Add(p); return p; }
            catch { foreach (var b in built) b.Dispose(); throw; }
        }
        Grating = Build("fullscreen.vert", "grating.frag");
        Shape = Build("fullscreen.vert", "shape.frag");
        Noise = Build("fullscreen.vert", "noise.frag");
        Leaves = Build("leaves.vert", "leaves.frag");
        Texture = Build("fullscreen.vert", "texture.frag");
        Display = Build("fullscreen.vert", "display.frag");
        // The core profile needs a bound vertex array even for attribute-less draws.
        _emptyVao = gl.GenVertexArray();
        BindEmptyVertexArray();
        gl.Disable(EnableCap.DepthTest);
        gl.Disable(EnableCap.Blend);
        gl.Disable(EnableCap.Dither);
    }

    public void BindEmptyVertexArray() => Gl.BindVertexArray(_emptyVao);

    public void DrawFullscreen() => Gl.DrawArrays(PrimitiveType.Triangles, 0, 3);

    /// <summary>Sets every pixel of the bound target to luminance <paramref name="l"/> (full-field stimuli).</summary>
    public void Fill(double l)
    {
        float v = (float)Math.Clamp(l, 0, 1);
        Gl.ClearColor(v, v, v, 1);
        Gl.Clear(ClearBufferMask.ColorBufferBit);
    }

    public void DrawTexture(ByteTexture tex, double x, double y, double w, double h, double background, double gain)
    {
        tex.Bind(0);
        Texture.Use().Set("uImage", 0).Set("uOrigin", x, y).Set("uSize", w, h)
            .Set("uBackground", background).Set("uGain", gain);
        DrawFullscreen();
    }

    public void Dispose()
    {
        foreach (var p in new[] { Grating, Shape, Noise, Leaves, Texture, Display }) p.Dispose();
        Gl.DeleteVertexArray(_emptyVao);
    }
}
