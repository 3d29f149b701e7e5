namespace ViST.RetinaModel.Ln;

/// <summary>The LN cells' spatial weights (on a 4x-downsampled 90x90 grid) and temporal kernels (at 30 Hz).</summary>
public static class LnFilters
{
    public const int FrameSize = 360, Downsample = 4, GridSize = FrameSize / Downsample;
    public const double FrameRate = 30;
    /// <summary>Kernel length: 24 frames = 800 ms, where the slowest lobe has decayed below 0.1% of its peak.</summary>
    public const int KernelLength = 24;

    /// <summary>
    /// DoG weights of <paramref name="cell"/> on the 90x90 grid (grid point (i, j) = the 4x4-px block whose centre is
    /// at ((j+0.5)*4, (i+0.5)*4) px), row-major [90*90]. Each Gaussian is normalised to sum 1 (surround: to the
    /// surround weight) over its 3.5-sigma disc on an unbounded grid, then cut to the frame, so a cell near the edge
    /// keeps its true weights and simply sees nothing (mean grey) beyond the frame.
    /// </summary>
    public static float[] SpatialWeights(LnCell cell)
    {
        double Sum(double sigma)
        {
            int radius = (int)Math.Ceiling(3.5 * sigma / Downsample) + 1;
            double s = 0, cx = cell.CenterX / Downsample - 0.5, cy = cell.CenterY / Downsample - 0.5;
            int i0 = (int)Math.Round(cy), j0 = (int)Math.Round(cx);
            for (int i = i0 - radius; i <= i0 + radius; i++)
                for (int j = j0 - radius; j <= j0 + radius; j++) s += Gauss(cell, sigma, i, j);
            return s;
        }
        double zc = Sum(cell.SigmaCenter), zs = Sum(cell.SigmaSurround) / cell.SurroundWeight;
        var w = new float[GridSize * GridSize];
        for (int i = 0; i < GridSize; i++)
            for (int j = 0; j < GridSize; j++)
                w[i * GridSize + j] = (float)(Gauss(cell, cell.SigmaCenter, i, j) / zc - Gauss(cell, cell.SigmaSurround, i, j) / zs);
        return w;
    }

    /// <summary>exp(-d^2 / 2 sigma^2) at grid point (i, j), zero beyond 3.5 sigma.</summary>
    static double Gauss(LnCell cell, double sigma, int i, int j)
    {
        double dx = (j + 0.5) * Downsample - cell.CenterX, dy = (i + 0.5) * Downsample - cell.CenterY;
        double d2 = (dx * dx + dy * dy) / (sigma * sigma);
        return d2 > 3.5 * 3.5 ? 0 : Math.Exp(-0.5 * d2);
    }

    /// <summary>The temporal kernel, index k = the frame k frames ago (k = 0: the current frame). See <see cref="LnCell"/>.</summary>
    public static float[] TemporalKernel(LnCell cell)
    {
        static double G(double t, double tp) => t <= 0 ? 0 : Math.Pow(t / tp, 3) * Math.Exp(3 * (1 - t / tp));
        double tp = cell.PeakMs / 1000, dt = 1 / FrameRate, b = cell.Rebound / 2;
        double fastSum = 0;
        for (int k = 0; k < KernelLength; k++) fastSum += G(k * dt, tp);
        var h = new float[KernelLength];
        for (int k = 0; k < KernelLength; k++) h[k] = (float)((G(k * dt, tp) - b * G(k * dt, 2 * tp)) / fastSum);
        return h;
    }
}
