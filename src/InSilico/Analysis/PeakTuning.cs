namespace ViST.InSilico.Analysis;

/// <summary>
/// Band-pass tuning (spatial / temporal frequency, size): the preferred value is the maximum of the curve,
/// refined by a parabola through it and its neighbours in log(x) when every x is positive (frequencies and
/// sizes are sampled geometrically), and the suppression index SI = (peak − last) / peak tells how much
/// the response falls at the largest x (surround suppression for size tuning, low-pass vs band-pass for
/// frequency tuning).
/// </summary>
public static class PeakTuning
{
    public readonly record struct Result(double Preferred, double Peak, double SuppressionIndex);

    public static Result Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count || x.Count == 0) throw new ArgumentException("x and y must be non-empty and of equal length");
        int best = 0;
        for (int i = 1; i < y.Count; i++) if (y[i] > y[best]) best = i;
        bool log = x.All(v => v > 0);
        double U(int i) => log ? Math.Log(x[i]) : x[i];
        double u = U(best), peak = y[best];
        if (best > 0 && best < x.Count - 1)
        {
            // Vertex of the parabola through three (possibly unevenly spaced) points.
            double u0 = U(best - 1), u1 = u, u2 = U(best + 1), y0 = y[best - 1], y1 = y[best], y2 = y[best + 1];
            double d = (u0 - u1) * (u0 - u2) * (u1 - u2);
            double a = (u2 * (y1 - y0) + u1 * (y0 - y2) + u0 * (y2 - y1)) / d;
            double b = (u2 * u2 * (y0 - y1) + u1 * u1 * (y2 - y0) + u0 * u0 * (y1 - y2)) / d;
            if (a < 0)
            {
                u = Math.Clamp(-b / (2 * a), u0, u2);
                double c = y1 - a * u1 * u1 - b * u1;
                peak = a * u * u + b * u + c;
            }
        }
        double si = peak > 0 ? (peak - y[^1]) / peak : double.NaN;
        return new Result(log ? Math.Exp(u) : u, peak, si);
    }
}
