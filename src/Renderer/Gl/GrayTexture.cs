using Silk.NET.OpenGL;

namespace ViST.Renderer.Gl;

/// <summary>A single-channel 8-bit texture (R8): frames, images and movie frames.</summary>
internal sealed class GrayTexture : IDisposable
{
    readonly GL _gl;
    public uint Handle { get; }
    public int Width { get; }
    public int Height { get; }

    public unsafe GrayTexture(GL gl, int width, int height, bool linear)
    {
        _gl = gl; Width = width; Height = height;
        Handle = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, Handle);
        gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.R8, (uint)width, (uint)height, 0, PixelFormat.Red, PixelType.UnsignedByte, null);
        var filter = (int)(linear ? TextureMinFilter.Linear : TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, filter);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, filter);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
    }

    /// <summary>Uploads rows top first (row 0 of the texture is the top row of the picture).</summary>
    public unsafe void Upload(ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length < Width * Height) throw new ArgumentException($"need {Width * Height} bytes, got {pixels.Length}");
        _gl.BindTexture(TextureTarget.Texture2D, Handle);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        fixed (byte* p = pixels)
            _gl.TexSubImage2D(TextureTarget.Texture2D, 0, 0, 0, (uint)Width, (uint)Height, PixelFormat.Red, PixelType.UnsignedByte, p);
    }

    public void Bind(int unit)
    {
        _gl.ActiveTexture(TextureUnit.Texture0 + unit);
        _gl.BindTexture(TextureTarget.Texture2D, Handle);
    }

    public void Dispose() => _gl.DeleteTexture(Handle);
}
