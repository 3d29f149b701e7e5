using ViST.InSilico.Optimization;

namespace ViST.InSilico.Analysis;

/// <summary>
/// Contrast response function r(c) = R0 + Rmax c^n / (c^n + C50^n), fitted by least squares.
/// For fixed (C50, n) the model is linear in (R0, Rmax), solved exactly; (log C50, log n) are found by a
/// coarse grid and refined by Nelder–Mead, so the fit needs no starting guess and cannot diverge.
/// </summary>
public static class NakaRushton
{
    public readonly record struct Result(double R0, double Rmax, double C50, double N, double RSquared)
    {
        public double Evaluate(double c) => R0 + Rmax * Saturation(c, C50, N);
    }

    static double Saturation(double c, double c50, double n)
    {
        double cn = Math.Pow(Math.Max(c, 0), n);
        return cn / (cn + Math.Pow(c50, n));
    }

    public static Result Fit(IReadOnlyList<double> contrast, IReadOnlyList<double> response)
    {
        if (contrast.Count != response.Count || contrast.Count < 4)
            throw new ArgumentException("a Naka-Rushton fit needs at least 4 contrasts with one response each");
        double cMin = contrast.Where(c => c > 0).DefaultIfEmpty(0.01).Min(), cMax = contrast.Max();
        double lo = Math.Log(cMin / 4), hi = Math.Log(Math.Max(cMax, cMin) * 4);

        (double Sse, double R0, double Rmax) Solve(double logC50, double logN)
        {
            double c50 = Math.Exp(Math.Clamp(logC50, lo, hi)), n = Math.Exp(Math.Clamp(logN, Math.Log(0.3), Math.Log(10)));
            // Linear least squares for y = R0 + Rmax * s.
            double m = contrast.Count, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int i = 0; i < contrast.Count; i++)
            {
                double s = Saturation(contrast[i], c50, n);
                sx += s; sy += response[i]; sxx += s * s; sxy += s * response[i];
            }
            double det = m * sxx - sx * sx;
            double rmax = det > 1e-15 ? (m * sxy - sx * sy) / det : 0, r0 = (sy - rmax * sx) / m, sse = 0;
            for (int i = 0; i < contrast.Count; i++)
            {
                double e = response[i] - r0 - rmax * Saturation(contrast[i], c50, n);
                sse += e * e;
            }
            return (sse, r0, rmax);
        }
        double Cost(double[] p) => Solve(p[0], p[1]).Sse;

        double[] best = [0, 0];
        double bestCost = double.PositiveInfinity;
        for (int i = 0; i <= 40; i++)
            for (int j = 0; j <= 20; j++)
            {
                double[] p = [lo + (hi - lo) * i / 40, Math.Log(0.3) + (Math.Log(10) - Math.Log(0.3)) * j / 20];
                double cost = Cost(p);
                if (cost < bestCost) { bestCost = cost; best = p; }
            }
        best = NelderMead.Minimize(Cost, best, step: 0.1, maxEvaluations: 1000);
        var (sse, r0, rmax) = Solve(best[0], best[1]);
        double mean = response.Average(), sst = response.Sum(r => (r - mean) * (r - mean));
        return new Result(r0, rmax, Math.Exp(Math.Clamp(best[0], lo, hi)),
            Math.Exp(Math.Clamp(best[1], Math.Log(0.3), Math.Log(10))), sst > 0 ? 1 - sse / sst : double.NaN);
    }
}
