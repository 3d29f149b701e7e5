namespace ViST.InSilico.Optimization;

/// <summary>
/// Nelder-Mead simplex minimisation for small smooth problems (a handful of parameters), in ask/tell form so that it
/// serves objectives that are measured rather than computed (a closed-loop controller's value comes back frames
/// later): <see cref="Ask"/> gives the next point, <see cref="Tell"/> its value; <see cref="Minimize"/> drives it for
/// a function (curve fits). Standard coefficients (reflection 1, expansion 2, contraction 0.5 inside and outside,
/// shrink 0.5); the search is written as an iterator so the algorithm reads top to bottom.
/// </summary>
public sealed class NelderMead
{
    readonly IEnumerator<double[]> _search;
    double _told;
    bool _waiting;
    double _spread = double.PositiveInfinity, _lowest;

    public NelderMead(double[] start, double step)
    {
        if (start.Length == 0) throw new ArgumentException("nothing to optimise");
        _search = Search(start, step).GetEnumerator();
        _search.MoveNext();
    }

    public double[] Best { get; private set; } = [];
    public double BestValue { get; private set; } = double.PositiveInfinity;
    public int Evaluations { get; private set; }

    /// <summary>True once the simplex's values agree to 1e-14 relative: further steps cannot improve the result.</summary>
    public bool Converged => _spread <= 1e-14 * (Math.Abs(_lowest) + 1e-300);

    /// <summary>The minimum of <paramref name="f"/> from <paramref name="start"/> (first simplex: one
    /// <paramref name="step"/> along each axis), after at most <paramref name="maxEvaluations"/> evaluations.</summary>
    public static double[] Minimize(Func<double[], double> f, double[] start, double step, int maxEvaluations)
    {
        var search = new NelderMead(start, step);
        while (search.Evaluations < maxEvaluations && !search.Converged)
        {
            var x = search.Ask();
            search.Tell(f(x));
        }
        return search.Best;
    }

    /// <summary>The point to evaluate next (the same point until <see cref="Tell"/>).</summary>
    public double[] Ask()
    {
        _waiting = true;
        return (double[])_search.Current.Clone();
    }

    public void Tell(double value)
    {
        if (!_waiting) throw new InvalidOperationException("Tell without Ask");
        _waiting = false;
        Evaluations++;
        if (value < BestValue) { BestValue = value; Best = (double[])_search.Current.Clone(); }
        _told = value;
        _search.MoveNext();
    }

    IEnumerable<double[]> Search(double[] start, double step)
    {
        int n = start.Length;
        var x = new double[n + 1][];
        var f = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            x[i] = (double[])start.Clone();
            if (i > 0) x[i][i - 1] += step;
            yield return x[i];
            f[i] = _told;
        }
        while (true)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => f[i]).ToArray();
            x = order.Select(i => x[i]).ToArray();
            f = order.Select(i => f[i]).ToArray();
            (_spread, _lowest) = (f[n] - f[0], f[0]);
            var c = new double[n];
            for (int i = 0; i < n; i++) for (int d = 0; d < n; d++) c[d] += x[i][d] / n;

            var xr = Along(c, x[n], -1);
            yield return xr;
            double fr = _told;
            if (fr < f[0])
            {
                var xe = Along(c, x[n], -2);
                yield return xe;
                double fe = _told;
                (x[n], f[n]) = fe < fr ? (xe, fe) : (xr, fr);
                continue;
            }
            if (fr < f[n - 1]) { (x[n], f[n]) = (xr, fr); continue; }

            bool outside = fr < f[n];
            var xc = outside ? Along(c, x[n], -0.5) : Along(c, x[n], 0.5);
            yield return xc;
            double fc = _told;
            if (outside ? fc <= fr : fc < f[n]) { (x[n], f[n]) = (xc, fc); continue; }

            for (int i = 1; i <= n; i++)
            {
                x[i] = Along(x[0], x[i], 0.5);
                yield return x[i];
                f[i] = _told;
            }
        }
    }

    /// <summary>c + t (p - c): t = -1 reflects p through c, -2 expands, ±0.5 contracts.</summary>
    static double[] Along(double[] c, double[] p, double t) => c.Select((cd, d) => cd + t * (p[d] - cd)).ToArray();
}
