using ViST.InSilico.Optimization;

namespace ViST.Simulator.Controllers;

/// <summary>
/// A coarse grid scan of the unit cube, then Nelder-Mead from the best grid point with a step of one grid cell.
/// Retinal cells answer only when the stimulus touches their receptive field, so a firing-rate landscape is flat
/// almost everywhere: a simplex started in a flat region never moves. The scan finds the hill first.
/// Same ask/tell form as <see cref="NelderMead"/>; grids only for up to two dimensions (4 points each: 16 evaluations).
/// </summary>
public sealed class ScanThenNelderMead
{
    readonly List<double[]> _grid;
    int _next;
    NelderMead? _simplex;

    public ScanThenNelderMead(int dims, int pointsPerDim = 4)
    {
        if (dims < 1) throw new ArgumentException("nothing to optimise");
        _grid = dims <= 2 ? Grid(dims, pointsPerDim) : [];
        if (_grid.Count == 0) _simplex = new NelderMead(Enumerable.Repeat(0.5, dims).ToArray(), 0.25);
        Step = 1.0 / pointsPerDim;
    }

    double Step { get; }
    public double[] Best { get; private set; } = [];
    public double BestValue { get; private set; } = double.PositiveInfinity;
    public int Evaluations { get; private set; }

    public double[] Ask() => _simplex?.Ask() ?? (double[])_grid[_next].Clone();

    public void Tell(double value)
    {
        Evaluations++;
        if (_simplex != null)
        {
            _simplex.Tell(value);
            if (_simplex.BestValue < BestValue) { BestValue = _simplex.BestValue; Best = _simplex.Best; }
            return;
        }
        if (value < BestValue) { BestValue = value; Best = (double[])_grid[_next].Clone(); }
        if (++_next == _grid.Count) _simplex = new NelderMead(Best, Step);
    }

    /// <summary>Cell centres of a pointsPerDim^dims grid over [0,1]^dims.</summary>
    static List<double[]> Grid(int dims, int n)
    {
        var points = new List<double[]>();
        for (int i = 0; i < (int)Math.Pow(n, dims); i++)
        {
            var p = new double[dims];
            for (int d = 0, k = i; d < dims; d++, k /= n) p[d] = (k % n + 0.5) / n;
            points.Add(p);
        }
        return points;
    }
}
