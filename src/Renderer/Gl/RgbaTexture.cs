using Silk.NET.OpenGL;

namespace ViST.Renderer.Gl;

/// <summary>A colour texture (RGBA8) for images drawn on the CPU: the live window's side panel.</summary>
internal sealed class RgbaTexture : IDisposable
{
    readonly GL _gl;
    public uint Handle { get; }
    public int Width { get; }
    public int Height { get; }

    public unsafe RgbaTexture(GL gl, int width, int height)
    {
        _gl = gl; Width = width; Height = height;
        Handle = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, Handle);
        gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, (uint)width, (uint)height, 0, PixelFormat.Rgba, PixelType.UnsignedByte, null);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
    }

    /// <summary>Uploads RGBA rows, top row first.</summary>
    public unsafe void Upload(ReadOnlySpan<byte> rgba)
    {
        if (rgba.Length < Width * Height * 4) throw new ArgumentException($"need {Width * Height * 4} bytes, got {rgba.Length}");
        _gl.BindTexture(TextureTarget.Texture2D, Handle);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        fixed (byte* p = rgba)
            _gl.TexSubImage2D(TextureTarget.Texture2D, 0, 0, 0, (uint)Width, (uint)Height, PixelFormat.Rgba, PixelType.UnsignedByte, p);
    }

    public void Bind(int unit)
    {
        _gl.ActiveTexture(TextureUnit.Texture0 + unit);
        _gl.BindTexture(TextureTarget.Texture2D, Handle);
    }

    public void Dispose() => _gl.DeleteTexture(Handle);
}
