namespace ViST.InSilico.Analysis;

/// <summary>
/// Receptive-field centre and size from a spatial map (an STA or an RF mask) by the moments of its
/// dominant lobe: the polarity is the sign of the largest-magnitude bin, the weights are
/// max(0, polarity·map − <see cref="Floor"/>·peak) (which drops noise and the opposite-sign surround), and
/// the centre, covariance and σ = sqrt of the mean covariance eigenvalue follow. Coordinates in pixels
/// (bin centres at (i + 0.5)·pixelsPerBin, x right, y down).
/// </summary>
public static class GaussianMoments
{
    public const double Floor = 0.2;

    public readonly record struct Result(double CenterX, double CenterY, double Sigma, int Polarity);

    public static Result Fit(ReadOnlySpan<double> map, int width, int height, double pixelsPerBin)
    {
        int arg = 0;
        for (int i = 1; i < map.Length; i++) if (Math.Abs(map[i]) > Math.Abs(map[arg])) arg = i;
        if (map.Length == 0 || map[arg] == 0) return new Result(double.NaN, double.NaN, double.NaN, 0);
        int polarity = Math.Sign(map[arg]);
        double peak = Math.Abs(map[arg]), sw = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double w = Math.Max(0, polarity * map[y * width + x] - Floor * peak);
                double px = (x + 0.5) * pixelsPerBin, py = (y + 0.5) * pixelsPerBin;
                sw += w; sx += w * px; sy += w * py; sxx += w * px * px; syy += w * py * py;
            }
        double cx = sx / sw, cy = sy / sw;
        double variance = (sxx / sw - cx * cx + syy / sw - cy * cy) / 2;
        return new Result(cx, cy, Math.Sqrt(Math.Max(variance, 0)), polarity);
    }
}
