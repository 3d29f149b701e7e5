namespace ViST.RetinaModel.Tests;

/// <summary>
/// A deterministic stand-in for a natural movie (the Dryad movies are not shipped): a 720x720 image with a 1/f
/// amplitude spectrum (value noise summed over octaves of 4 to 256 px, the same amplitude in each), RMS contrast 0.35,
/// seen through a 360x360 window that drifts ~1.5 px per frame and jumps to a new place every 30 frames (1 s),
/// like fixational drift and saccades.
/// </summary>
public static class NaturalisticMovie
{
    const int Big = 720, S = 360;

    public static byte[] Frames(int count, int seed = 1)
    {
        var image = OneOverFImage(seed);
        var rng = new Random(seed + 1000);
        var frames = new byte[(long)count * S * S];
        double x = 180, y = 180;
        for (int f = 0; f < count; f++)
        {
            if (f % 30 == 0) { x = rng.Next(0, Big - S); y = rng.Next(0, Big - S); }
            else { x = Math.Clamp(x + (rng.NextDouble() - 0.5) * 3, 0, Big - S); y = Math.Clamp(y + (rng.NextDouble() - 0.5) * 3, 0, Big - S); }
            int ox = (int)x, oy = (int)y;
            for (int row = 0; row < S; row++)
                image.AsSpan((oy + row) * Big + ox, S).CopyTo(frames.AsSpan(f * S * S + row * S, S));
        }
        return frames;
    }

    static byte[] OneOverFImage(int seed)
    {
        var rng = new Random(seed);
        var sum = new double[Big * Big];
        for (int cell = 4; cell <= 256; cell *= 2)
        {
            int n = Big / cell + 2;
            var lattice = new double[n * n];
            for (int i = 0; i < lattice.Length; i++) lattice[i] = rng.NextDouble() * 2 - 1;      // equal power per octave: a 1/f amplitude spectrum in 2D
            for (int y = 0; y < Big; y++)
            {
                double fy = (double)y / cell; int iy = (int)fy; double ty = Smooth(fy - iy);
                for (int x = 0; x < Big; x++)
                {
                    double fx = (double)x / cell; int ix = (int)fx; double tx = Smooth(fx - ix);
                    double top = lattice[iy * n + ix] * (1 - tx) + lattice[iy * n + ix + 1] * tx;
                    double bottom = lattice[(iy + 1) * n + ix] * (1 - tx) + lattice[(iy + 1) * n + ix + 1] * tx;
                    sum[y * Big + x] += top * (1 - ty) + bottom * ty;
                }
            }
        }
        double mean = sum.Average(), sd = Math.Sqrt(sum.Average(v => (v - mean) * (v - mean)));
        return sum.Select(v => (byte)Math.Clamp(Math.Round(127.5 + 0.35 * 127.5 * (v - mean) / sd), 0, 255)).ToArray();
    }

    static double Smooth(double t) => t * t * (3 - 2 * t);
}
