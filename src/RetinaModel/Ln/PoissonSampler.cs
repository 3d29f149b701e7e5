namespace ViST.RetinaModel.Ln;

/// <summary>
/// A small, fully specified random source for Poisson spike counts, so a seed gives the same trials on every
/// machine and .NET version: SplitMix64 (Steele, Lea, Flood 2014) for the uniforms, Knuth's product method for
/// counts with mean &lt; 30, a rounded normal approximation above (rates over 900 spikes/s at 30 Hz bins, which the
/// LN cells do not reach on normal stimuli).
/// </summary>
public struct PoissonSampler(ulong seed)
{
    ulong _state = seed;

    /// <summary>A generator for stream <paramref name="index"/> of <paramref name="seed"/> (e.g. one per trial),
    /// independent of how many other streams are drawn.</summary>
    public static PoissonSampler ForStream(ulong seed, int index)
    {
        var mixer = new PoissonSampler(seed ^ (0xD1B54A32D192ED03UL * (ulong)(index + 1)));
        return new PoissonSampler(mixer.NextUInt64());
    }

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in (0, 1).</summary>
    public double NextDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    public int Next(double mean)
    {
        if (!(mean > 0)) return 0;
        if (mean >= 30)
        {
            double u1 = NextDouble(), u2 = NextDouble();
            double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * z));
        }
        double limit = Math.Exp(-mean), p = NextDouble();
        int k = 0;
        while (p > limit) { k++; p *= NextDouble(); }
        return k;
    }
}
