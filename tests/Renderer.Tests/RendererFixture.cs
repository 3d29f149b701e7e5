using ViST.Renderer;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Tests;

/// <summary>One headless renderer per test class (classes run in parallel; each renderer has its own GL thread).</summary>
public sealed class RendererFixture : IDisposable
{
    public HeadlessRenderer Renderer { get; } = new();

    public byte[] Frame(Scene scene, long index)
    {
        var f = new byte[FrameSpec.Pixels];
        Renderer.Render(scene, index, f);
        return f;
    }

    public byte[][] Frames(Scene scene, long first, int count)
    {
        var all = new byte[count * FrameSpec.Pixels];
        Renderer.RenderFrames(scene, first, count, all);
        return Enumerable.Range(0, count).Select(k => all.AsSpan(k * FrameSpec.Pixels, FrameSpec.Pixels).ToArray()).ToArray();
    }

    public void Dispose() => Renderer.Dispose();
}

/// <summary>Small measurements on frames.</summary>
public static class FrameMath
{
    public static byte At(byte[] f, int x, int y) => f[y * FrameSpec.Width + x];
    public static double Mean(byte[] f) => f.Average(b => (double)b);

    public static double Michelson(byte[] f)
    {
        double max = f.Max(), min = f.Min();
        return (max - min) / (max + min);
    }

    /// <summary>The 2D DFT magnitude peak (excluding DC) as integer wave numbers (kx, ky), ky counting down,
    /// folded so that kx > 0 (or kx == 0, ky > 0): a real image's spectrum is symmetric.</summary>
    public static (int Kx, int Ky) SpectralPeak(byte[] f)
    {
        int n = FrameSpec.Width;
        double mean = Mean(f);
        var cos = new double[n]; var sin = new double[n];
        for (int k = 0; k < n; k++) { cos[k] = Math.Cos(2 * Math.PI * k / n); sin[k] = Math.Sin(2 * Math.PI * k / n); }
        // Rows first: R[y, kx] = sum_x v(x, y) e^{-i 2 pi kx x / n}, for kx in [0, n/2].
        int half = n / 2 + 1;
        var re = new double[n, half]; var im = new double[n, half];
        for (int y = 0; y < n; y++)
            for (int kx = 0; kx < half; kx++)
            {
                double r = 0, i = 0;
                for (int x = 0; x < n; x++)
                {
                    double v = f[y * n + x] - mean; int idx = kx * x % n;
                    r += v * cos[idx]; i -= v * sin[idx];
                }
                re[y, kx] = r; im[y, kx] = i;
            }
        (int, int) best = (0, 0); double bestPower = -1;
        for (int kx = 0; kx < half; kx++)
            for (int ky = 0; ky < n; ky++)
            {
                double r = 0, i = 0;
                for (int y = 0; y < n; y++)
                {
                    int idx = ky * y % n;
                    // (re + i im) * (cos - i sin)
                    r += re[y, kx] * cos[idx] + im[y, kx] * sin[idx];
                    i += im[y, kx] * cos[idx] - re[y, kx] * sin[idx];
                }
                double p = r * r + i * i;
                if (p > bestPower) { bestPower = p; best = (kx, ky > n / 2 ? ky - n : ky); }
            }
        return best;
    }

    /// <summary>Phase (radians) of the image's Fourier component at wave vector (fx, fy) cycles/px.</summary>
    public static double Phase(byte[] f, double fx, double fy)
    {
        double r = 0, i = 0, mean = Mean(f);
        for (int y = 0; y < FrameSpec.Height; y++)
            for (int x = 0; x < FrameSpec.Width; x++)
            {
                double a = 2 * Math.PI * (fx * (x + 0.5) + fy * (y + 0.5)), v = At(f, x, y) - mean;
                r += v * Math.Cos(a); i -= v * Math.Sin(a);
            }
        return Math.Atan2(i, r);
    }

    public static double WrapAngle(double a) => a - 2 * Math.PI * Math.Round(a / (2 * Math.PI));
}
