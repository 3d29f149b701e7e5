using System.Runtime.InteropServices;

namespace ViST.Simulator.Display;

/// <summary>An RGBA8 image (row-major, top row first) with the few drawing operations the panel needs; the lead's
/// window uploads <see cref="Pixels"/> as a texture.</summary>
public sealed class PanelImage(int width, int height)
{
    public int Width { get; } = width > 0 ? width : throw new ArgumentException("panel width must be positive");
    public int Height { get; } = height > 0 ? height : throw new ArgumentException("panel height must be positive");
    public byte[] Pixels { get; } = new byte[width * height * 4];

    public Rgba Get(int x, int y)
    {
        int i = (y * Width + x) * 4;
        return new Rgba(Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
    }

    public void Set(int x, int y, Rgba c)
    {
        if ((uint)x >= Width || (uint)y >= Height) return;
        int i = (y * Width + x) * 4;
        Pixels[i] = c.R; Pixels[i + 1] = c.G; Pixels[i + 2] = c.B; Pixels[i + 3] = c.A;
    }

    public void FillRect(int x0, int y0, int w, int h, Rgba c)
    {
        int xa = Math.Max(0, x0), xb = Math.Min(Width, x0 + w);
        if (xb <= xa) return;
        uint packed = BitConverter.ToUInt32([c.R, c.G, c.B, c.A]);   // the four bytes in memory order
        var pixels = MemoryMarshal.Cast<byte, uint>(Pixels.AsSpan());
        for (int y = Math.Max(0, y0); y < Math.Min(Height, y0 + h); y++) pixels.Slice(y * Width + xa, xb - xa).Fill(packed);
    }

    public void FillDisc(double cx, double cy, double r, Rgba c)
    {
        for (int y = (int)Math.Floor(cy - r); y <= (int)Math.Ceiling(cy + r); y++)
            for (int x = (int)Math.Floor(cx - r); x <= (int)Math.Ceiling(cx + r); x++)
            {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                if (dx * dx + dy * dy <= r * r) Set(x, y, c);
            }
    }

    /// <summary>A one-pixel line (DDA), enough for traces.</summary>
    public void Line(double x0, double y0, double x1, double y1, Rgba c)
    {
        int steps = (int)Math.Ceiling(Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0))) + 1;
        for (int s = 0; s <= steps; s++)
        {
            double t = (double)s / steps;
            Set((int)Math.Floor(x0 + t * (x1 - x0)), (int)Math.Floor(y0 + t * (y1 - y0)), c);
        }
    }
}

public readonly record struct Rgba(byte R, byte G, byte B, byte A = 255);
