namespace ViST.Trainer.Loss;

/// <summary>
/// Soft-DTW (Cuturi &amp; Blondel 2017) on one cost matrix, in float64, with the same recursions and boundary
/// values as tslearn (what the authors train with): the value R[m,n] and the gradient E = dR[m,n]/dD.
/// Matrices are row-major; R and E are (m+2) x (n+2) work buffers as in tslearn.
/// </summary>
internal static class SoftDtwKernel
{
    /// <summary>The "infinite" boundary of the forward recursion. tslearn uses DBL_MAX rather than +inf
    /// so that softmin never sees inf - inf; the boundary terms then vanish in the exponentials.</summary>
    public const double Boundary = double.MaxValue;

    /// <summary>Fills <paramref name="r"/> ((m+2)(n+2)) and returns R[m,n].</summary>
    public static double Forward(ReadOnlySpan<double> d, int m, int n, double gamma, Span<double> r)
    {
        int w = n + 2;
        r.Clear();
        for (int i = 0; i <= m; i++) r[i * w] = Boundary;
        for (int j = 0; j <= n; j++) r[j] = Boundary;
        r[0] = 0;
        for (int i = 1; i <= m; i++)
        {
            int row = i * w, up = row - w;
            for (int j = 1; j <= n; j++)
            {
                // softmin_gamma(a, b, c) = -gamma log sum exp(-x/gamma), stabilised by the largest exponent.
                double a = r[up + j] / -gamma, b = r[up + j - 1] / -gamma, c = r[row + j - 1] / -gamma;
                double max = Math.Max(Math.Max(a, b), c);
                double sum = Math.Exp(a - max) + Math.Exp(b - max) + Math.Exp(c - max);
                r[row + j] = d[(i - 1) * n + j - 1] - gamma * (Math.Log(sum) + max);
            }
        }
        return r[m * w + n];
    }

    /// <summary>
    /// The gradient of R[m,n] with respect to every D[i,j], written to <paramref name="grad"/> (m*n), from the
    /// forward table <paramref name="r"/> (modified: its last row and column become the backward boundary).
    /// <paramref name="e"/> is an (m+2)(n+2) work buffer.
    /// </summary>
    public static void Backward(ReadOnlySpan<double> d, Span<double> r, int m, int n, double gamma,
        Span<double> e, Span<double> grad)
    {
        int w = n + 2;
        e.Clear();
        for (int j = 0; j < w; j++) r[(m + 1) * w + j] = double.NegativeInfinity;
        for (int i = 0; i < m + 2; i++) r[i * w + n + 1] = double.NegativeInfinity;
        r[(m + 1) * w + n + 1] = r[m * w + n];
        e[(m + 1) * w + n + 1] = 1;
        // D is read as if padded with a zero last row and column, as tslearn does.
        for (int j = n; j >= 1; j--)
        {
            for (int i = m; i >= 1; i--)
            {
                double rij = r[i * w + j];
                double below = i < m ? d[i * n + j - 1] : 0.0;
                double right = j < n ? d[(i - 1) * n + j] : 0.0;
                double diagonal = i < m && j < n ? d[i * n + j] : 0.0;
                double a = Math.Exp((r[(i + 1) * w + j] - rij - below) / gamma);
                double b = Math.Exp((r[i * w + j + 1] - rij - right) / gamma);
                double c = Math.Exp((r[(i + 1) * w + j + 1] - rij - diagonal) / gamma);
                e[i * w + j] = e[(i + 1) * w + j] * a + e[i * w + j + 1] * b + e[(i + 1) * w + j + 1] * c;
            }
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                grad[i * n + j] = e[(i + 1) * w + j + 1];
    }
}
