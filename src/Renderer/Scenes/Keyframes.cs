namespace ViST.Renderer.Scenes;

/// <summary>
/// A parameter's timeline: (scene time in seconds, value) points, linearly interpolated between them and held
/// constant before the first and after the last. <see cref="Integral"/> is exact, so a keyframed speed or
/// temporal frequency moves a bar or a grating's phase smoothly (position = integral of speed).
/// </summary>
public sealed class Keyframes
{
    readonly double[] _t, _v;

    public Keyframes(IEnumerable<(double TimeS, double Value)> points)
    {
        var sorted = points.ToArray();
        if (sorted.Length == 0) throw new ArgumentException("keyframes: need at least one [t_s, value] point");
        for (int i = 1; i < sorted.Length; i++)
            if (!(sorted[i].TimeS > sorted[i - 1].TimeS))
                throw new ArgumentException($"keyframes: times must increase; {sorted[i].TimeS} s follows {sorted[i - 1].TimeS} s");
        _t = sorted.Select(p => p.TimeS).ToArray();
        _v = sorted.Select(p => p.Value).ToArray();
    }

    public IReadOnlyList<(double TimeS, double Value)> Points => _t.Zip(_v).ToArray();

    public double ValueAt(double t)
    {
        if (t <= _t[0]) return _v[0];
        if (t >= _t[^1]) return _v[^1];
        int i = Array.BinarySearch(_t, t);
        if (i >= 0) return _v[i];
        i = ~i; // _t[i-1] < t < _t[i]
        double a = (t - _t[i - 1]) / (_t[i] - _t[i - 1]);
        return _v[i - 1] + a * (_v[i] - _v[i - 1]);
    }

    /// <summary>The integral of the value from <paramref name="from"/> to <paramref name="to"/> (seconds).</summary>
    public double Integral(double from, double to)
    {
        if (to < from) return -Integral(to, from);
        double sum = 0, a = from;
        // Break points inside (from, to): between them the value is linear and the trapezoid rule is exact.
        foreach (double knot in _t.Append(to))
        {
            if (knot <= a) continue;
            double b = Math.Min(knot, to);
            sum += (b - a) * (ValueAt(a) + ValueAt(b)) / 2;
            a = b;
            if (a >= to) break;
        }
        return sum;
    }
}
