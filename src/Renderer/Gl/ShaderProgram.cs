using Silk.NET.OpenGL;

namespace ViST.Renderer.Gl;

/// <summary>A linked program with cached uniform locations.</summary>
internal sealed class ShaderProgram : IDisposable
{
    readonly GL _gl;
    readonly Dictionary<string, int> _locations = new(StringComparer.Ordinal);
    public uint Handle { get; }

    public ShaderProgram(GL gl, ShaderLibrary shaders, string vertexFile, string fragmentFile)
    {
        _gl = gl;
        Handle = shaders.Build(gl, vertexFile, fragmentFile);
    }

    public ShaderProgram Use() { _gl.UseProgram(Handle); return this; }

    int Loc(string name)
    {
        if (!_locations.TryGetValue(name, out int loc)) _locations[name] = loc = _gl.GetUniformLocation(Handle, name);
        return loc;
    }

    public ShaderProgram Set(string name, double v) { _gl.Uniform1(Loc(name), (float)v); return this; }
    public ShaderProgram Set(string name, int v) { _gl.Uniform1(Loc(name), v); return this; }
    public ShaderProgram Set(string name, uint v) { _gl.Uniform1(Loc(name), v); return this; }
    public ShaderProgram Set(string name, bool v) { _gl.Uniform1(Loc(name), v ? 1 : 0); return this; }
    public ShaderProgram Set(string name, double x, double y) { _gl.Uniform2(Loc(name), (float)x, (float)y); return this; }
    public ShaderProgram Set(string name, double x, double y, double z, double w) { _gl.Uniform4(Loc(name), (float)x, (float)y, (float)z, (float)w); return this; }

    public void Dispose() => _gl.DeleteProgram(Handle);
}
