using Silk.NET.OpenGL;

namespace ViST.Renderer.Gl;

/// <summary>The offscreen 360x360 luminance frame (R8 texture + framebuffer), stored top row first so that
/// glReadPixels returns rows in frame order without a flip.</summary>
internal sealed class FrameTarget : IDisposable
{
    readonly GL _gl;
    readonly uint _fbo;
    public ByteTexture Texture { get; }

    public FrameTarget(GL gl)
    {
        _gl = gl;
        Texture = ByteTexture.Gray(gl, FrameSpec.Width, FrameSpec.Height, linear: false);
        _fbo = gl.GenFramebuffer();
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, _fbo);
        gl.FramebufferTexture2D(FramebufferTarget.Framebuffer, FramebufferAttachment.ColorAttachment0, TextureTarget.Texture2D, Texture.Handle, 0);
        var status = gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer);
        if (status != GLEnum.FramebufferComplete) throw new InvalidOperationException($"OpenGL: the R8 frame buffer is incomplete ({status})");
    }

    public void Bind()
    {
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _fbo);
        _gl.Viewport(0, 0, FrameSpec.Width, FrameSpec.Height);
    }

    public unsafe void ReadBack(Span<byte> dst)
    {
        if (dst.Length < FrameSpec.Pixels) throw new ArgumentException($"a frame needs {FrameSpec.Pixels} bytes, got {dst.Length}");
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, _fbo);
        _gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        fixed (byte* p = dst)
            _gl.ReadPixels(0, 0, FrameSpec.Width, FrameSpec.Height, PixelFormat.Red, PixelType.UnsignedByte, p);
    }

    public void Dispose()
    {
        _gl.DeleteFramebuffer(_fbo);
        Texture.Dispose();
    }
}
