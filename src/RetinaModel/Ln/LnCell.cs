namespace ViST.RetinaModel.Ln;

/// <summary>The four cell types of the LN retina: polarity (ON: brightening excites; OFF: darkening excites)
/// x temporal kind (transient: biphasic filter, responds to change; sustained: mostly monophasic).</summary>
public enum LnCellType { OnTransient, OnSustained, OffTransient, OffSustained }

/// <summary>
/// One LN cell, fully specified (the ground truth a fitted model should recover).
/// Spatial RF: a circular difference of Gaussians, centre sigma <see cref="SigmaCenter"/>, surround sigma
/// <see cref="SigmaSurround"/>, each Gaussian normalised to unit volume and the surround scaled by
/// <see cref="SurroundWeight"/> (so a uniform field drives the cell with weight 1 - SurroundWeight).
/// Temporal filter: G(t, tp) - b G(t, 2 tp) with G(t, tp) = (t/tp)^3 exp(3 (1 - t/tp)) (peak 1 at tp), sampled at
/// 30 Hz at lags t = 0, 1/30, 2/30 ... s (so the current frame has no effect yet: one frame of latency) and scaled
/// so the fast lobe sums to 1; b = <see cref="Rebound"/>/2 makes the slow negative lobe carry <see cref="Rebound"/>
/// times the area of the fast one.
/// Nonlinearity: rate = <see cref="RateScale"/> * softplus((g - <see cref="Threshold"/>) / <see cref="Softness"/>)
/// spikes/s, g the filtered contrast (sign-flipped for OFF cells).
/// </summary>
public sealed record LnCell(
    int Id, LnCellType Type, double CenterX, double CenterY,
    double SigmaCenter, double SigmaSurround, double SurroundWeight,
    double PeakMs, double Rebound,
    double Threshold, double Softness, double RateScale)
{
    public int Polarity => Type is LnCellType.OnTransient or LnCellType.OnSustained ? 1 : -1;

    /// <summary>"ON-transient", "OFF-sustained", ... (the CellInfo type label).</summary>
    public string TypeLabel => Type switch
    {
        LnCellType.OnTransient => "ON-transient",
        LnCellType.OnSustained => "ON-sustained",
        LnCellType.OffTransient => "OFF-transient",
        _ => "OFF-sustained",
    };

    /// <summary>
    /// Spatial frequency (cycles/px) at which the DoG's Fourier amplitude
    /// A(f) = exp(-2 pi^2 sc^2 f^2) - w exp(-2 pi^2 ss^2 f^2) peaks: setting dA/d(f^2) = 0 gives
    /// f^2 = ln(w ss^2 / sc^2) / (2 pi^2 (ss^2 - sc^2)). 0 when the surround is too weak for a peak (low-pass cell).
    /// </summary>
    public double PreferredSpatialFrequency
    {
        get
        {
            double sc2 = SigmaCenter * SigmaCenter, ss2 = SigmaSurround * SigmaSurround;
            double ratio = SurroundWeight * ss2 / sc2;
            return ratio <= 1 ? 0 : Math.Sqrt(Math.Log(ratio) / (2 * Math.PI * Math.PI * (ss2 - sc2)));
        }
    }

    /// <summary>The DoG's Fourier amplitude at <paramref name="cyclesPerPx"/>.</summary>
    public double SpatialAmplitude(double cyclesPerPx)
    {
        double a = 2 * Math.PI * Math.PI * cyclesPerPx * cyclesPerPx;
        return Math.Exp(-a * SigmaCenter * SigmaCenter) - SurroundWeight * Math.Exp(-a * SigmaSurround * SigmaSurround);
    }

    /// <summary>The static nonlinearity, spikes/s.</summary>
    public double Rate(double drive)
    {
        double x = (drive - Threshold) / Softness;
        return RateScale * (x > 30 ? x : Math.Log(1 + Math.Exp(x)));
    }

    public CellInfo ToCellInfo() => new(Id, TypeLabel, CenterX, CenterY);
}
