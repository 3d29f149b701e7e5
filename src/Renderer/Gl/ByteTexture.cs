using Silk.NET.OpenGL;

namespace ViST.Renderer.Gl;

/// <summary>An 8-bit texture uploaded from the CPU: single-channel (R8: frames, images, movie frames) or RGBA8
/// (pictures drawn on the CPU, such as the live window's side panel).</summary>
internal sealed class ByteTexture : IDisposable
{
    readonly GL _gl;
    readonly PixelFormat _format;
    public uint Handle { get; }
    public int Width { get; }
    public int Height { get; }
    /// <summary>Bytes per pixel: 1 (gray) or 4 (RGBA).</summary>
    public int Channels { get; }

    public static ByteTexture Gray(GL gl, int width, int height, bool linear) => new(gl, width, height, 1, linear);
    public static ByteTexture Rgba(GL gl, int width, int height) => new(gl, width, height, 4, linear: false);

    unsafe ByteTexture(GL gl, int width, int height, int channels, bool linear)
    {
        _gl = gl; Width = width; Height = height; Channels = channels;
        _format = channels == 1 ? PixelFormat.Red : PixelFormat.Rgba;
        var internalFormat = channels == 1 ? InternalFormat.R8 : InternalFormat.Rgba8;
        Handle = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, Handle);
        gl.TexImage2D(TextureTarget.Texture2D, 0, internalFormat, (uint)width, (uint)height, 0, _format, PixelType.UnsignedByte, null);
        var filter = (int)(linear ? TextureMinFilter.Linear : TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, filter);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, filter);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
    }

    /// <summary>Uploads rows top first (row 0 of the texture is the top row of the picture).</summary>
    public unsafe void Upload(ReadOnlySpan<byte> pixels)
    {
        int needed = Width * Height * Channels;
        if (pixels.Length < needed) throw new ArgumentException($"need {needed} bytes, got {pixels.Length}");
        _gl.BindTexture(TextureTarget.Texture2D, Handle);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        fixed (byte* p = pixels)
            _gl.TexSubImage2D(TextureTarget.Texture2D, 0, 0, 0, (uint)Width, (uint)Height, _format, PixelType.UnsignedByte, p);
    }

    public void Bind(int unit)
    {
        _gl.ActiveTexture(TextureUnit.Texture0 + unit);
        _gl.BindTexture(TextureTarget.Texture2D, Handle);
    }

    public void Dispose() => _gl.DeleteTexture(Handle);
}
