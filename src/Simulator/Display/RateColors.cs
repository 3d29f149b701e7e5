namespace ViST.Simulator.Display;

/// <summary>Rates to colours on a perceptually ordered dark-to-bright map (black, purple, red, orange, pale yellow,
/// in the manner of "inferno"), so a glance at the cell map reads as "which cells fire most".</summary>
public static class RateColors
{
    static readonly (double At, Rgba C)[] Stops =
    [
        (0.00, new Rgba(0, 0, 4)), (0.25, new Rgba(87, 16, 110)), (0.50, new Rgba(188, 55, 84)),
        (0.75, new Rgba(249, 142, 9)), (1.00, new Rgba(252, 255, 164)),
    ];

    /// <summary>The colour of <paramref name="rate"/> on a scale from 0 to <paramref name="maxRate"/> (clamped).</summary>
    public static Rgba Of(double rate, double maxRate)
    {
        double t = Math.Clamp(maxRate > 0 ? rate / maxRate : 0, 0, 1);
        if (double.IsNaN(t)) t = 0;
        for (int i = 1; i < Stops.Length; i++)
        {
            if (t > Stops[i].At) continue;
            var (a, ca) = Stops[i - 1];
            var (b, cb) = Stops[i];
            double u = (t - a) / (b - a);
            return new Rgba(Mix(ca.R, cb.R, u), Mix(ca.G, cb.G, u), Mix(ca.B, cb.B, u));
        }
        return Stops[^1].C;
    }

    static byte Mix(byte a, byte b, double u) => (byte)Math.Round(a + (b - a) * u);
}
