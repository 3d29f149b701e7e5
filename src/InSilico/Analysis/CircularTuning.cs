namespace ViST.InSilico.Analysis;

/// <summary>
/// Orientation and direction selectivity by vector averaging (the "global" indices, robust to the
/// sampling of angles): for period 180 deg (orientation) OSI = |Σ r e^{2iθ}| / Σ r, for period 360 deg
/// (direction) DSI = |Σ r e^{iθ}| / Σ r; the preferred angle is the argument of the sum. Responses should be
/// non-negative rates; angles should sample the period evenly for the index to be unbiased.
/// A cosine-tuned cell r = b + a cos(2(θ-θ0)) gives OSI = a / 2b and preferred angle θ0.
/// </summary>
public static class CircularTuning
{
    public readonly record struct Result(double PreferredDeg, double Index);

    public static Result Fit(IReadOnlyList<double> anglesDeg, IReadOnlyList<double> responses, double periodDeg)
    {
        if (anglesDeg.Count != responses.Count) throw new ArgumentException("angles and responses differ in length");
        double k = 360.0 / periodDeg, re = 0, im = 0, sum = 0;
        for (int i = 0; i < anglesDeg.Count; i++)
        {
            double a = k * anglesDeg[i] * Math.PI / 180;
            re += responses[i] * Math.Cos(a); im += responses[i] * Math.Sin(a);
            sum += responses[i];
        }
        if (!(sum > 0)) return new Result(double.NaN, double.NaN);
        double preferred = Math.Atan2(im, re) * 180 / Math.PI / k;
        preferred = ((preferred % periodDeg) + periodDeg) % periodDeg;
        return new Result(preferred, Math.Sqrt(re * re + im * im) / sum);
    }
}
