using System.Buffers.Binary;
using ViST.Renderer;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// The binary WebSocket message that carries one frame to the browser, little-endian:
/// <code>
///  0 u8   kind (1: a frame)          1 u8  flags (bit 0: late)
///  2 u16  cells                      4 u16 preview width     6 u16 preview height (0 x 0: no preview in this one)
///  8 f64  frame index               16 f64 stimulus time (s)
/// 24 f32  latency (ms)              28 f32 top of the colour scale (spikes/s)
/// 32 u32  30 Hz ticks dropped just before this frame
/// 36 f32[cells] rates (spikes/s), then u8[width * height] the stimulus downscaled, top row first
/// </code>
/// The rates start at a multiple of 4 bytes, so the browser reads them as a Float32Array without copying.
/// </summary>
public static class FrameMessage
{
    public const byte Kind = 1;
    public const int HeaderBytes = 36;
    /// <summary>The preview is the stimulus averaged over 2 x 2 pixel blocks: 180 x 180.</summary>
    public const int PreviewFactor = 2;
    public const int PreviewWidth = FrameSpec.Width / PreviewFactor, PreviewHeight = FrameSpec.Height / PreviewFactor;

    /// <param name="scaleMax">The colour scale's top when this frame arrived.</param>
    /// <param name="previewPixels">The stimulus as <see cref="Preview"/> made it, or null for a message without it.</param>
    public static byte[] Encode(FrameResult frame, double scaleMax, byte[]? previewPixels)
    {
        bool preview = previewPixels is { Length: PreviewWidth * PreviewHeight };
        int cells = frame.Rates.Length;
        var m = new byte[HeaderBytes + 4 * cells + (preview ? PreviewWidth * PreviewHeight : 0)];
        var s = m.AsSpan();
        s[0] = Kind;
        s[1] = (byte)(frame.Late ? 1 : 0);
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], checked((ushort)cells));
        BinaryPrimitives.WriteUInt16LittleEndian(s[4..], (ushort)(preview ? PreviewWidth : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(s[6..], (ushort)(preview ? PreviewHeight : 0));
        BinaryPrimitives.WriteDoubleLittleEndian(s[8..], frame.Index);
        BinaryPrimitives.WriteDoubleLittleEndian(s[16..], frame.Time);
        BinaryPrimitives.WriteSingleLittleEndian(s[24..], (float)frame.LatencyMs);
        BinaryPrimitives.WriteSingleLittleEndian(s[28..], (float)scaleMax);
        BinaryPrimitives.WriteUInt32LittleEndian(s[32..], (uint)Math.Max(0, frame.DroppedBefore));
        for (int c = 0; c < cells; c++) BinaryPrimitives.WriteSingleLittleEndian(s[(HeaderBytes + 4 * c)..], frame.Rates[c]);
        if (preview) previewPixels.CopyTo(s[(HeaderBytes + 4 * cells)..]);
        return m;
    }

    /// <summary>The preview of a 360 x 360 frame (a new array: the loop only lends the frame's pixels).</summary>
    public static byte[] Preview(ReadOnlySpan<byte> frame)
    {
        var preview = new byte[PreviewWidth * PreviewHeight];
        Downscale(frame, preview);
        return preview;
    }

    /// <summary>A 360 x 360 frame averaged over <see cref="PreviewFactor"/>-square blocks (rounded to nearest).</summary>
    public static void Downscale(ReadOnlySpan<byte> frame, Span<byte> preview)
    {
        const int f = PreviewFactor, area = f * f;
        Span<int> sums = stackalloc int[PreviewWidth];
        for (int py = 0; py < PreviewHeight; py++)
        {
            sums.Clear();
            for (int dy = 0; dy < f; dy++)
            {
                var src = frame.Slice((py * f + dy) * FrameSpec.Width, FrameSpec.Width);
                for (int x = 0; x < src.Length; x++) sums[x / f] += src[x];
            }
            var row = preview.Slice(py * PreviewWidth, PreviewWidth);
            for (int px = 0; px < PreviewWidth; px++) row[px] = (byte)((sums[px] + area / 2) / area);
        }
    }
}
