namespace ViST.Renderer.Stimuli;

/// <summary>
/// Counter-based randomness: a value is a hash of (seed, stream, counters), so frame k can be computed without
/// frames 0..k-1 and a scene is reproducible frame for frame. The mixer is the same as mix32 in noise.frag.
/// </summary>
public static class SeedHash
{
    public static uint Mix(uint x)
    {
        x ^= x >> 16; x *= 0x7feb352du;
        x ^= x >> 15; x *= 0x846ca68bu;
        x ^= x >> 16;
        return x;
    }

    /// <summary>The noise check hash of noise.frag: cell (x, y) of pattern <paramref name="pattern"/>.</summary>
    public static uint Cell(uint seed, uint pattern, uint x, uint y, uint stream) =>
        Mix(seed ^ Mix(pattern ^ Mix(x ^ Mix(y ^ Mix(stream)))));

    public static uint Of(uint seed, uint stream, uint a, uint b = 0) => Mix(seed ^ Mix(stream ^ Mix(a ^ Mix(b))));

    /// <summary>Uniform in (0, 1).</summary>
    public static double Unit(uint h) => ((h >> 8) + 0.5) / 16777216.0;

    /// <summary>Standard normal (Box-Muller on two hashes).</summary>
    public static double Gaussian(uint seed, uint stream, uint a, uint b = 0) =>
        Math.Sqrt(-2 * Math.Log(Unit(Of(seed, stream, a, b)))) * Math.Cos(2 * Math.PI * Unit(Of(seed, stream + 1, a, b)));
}
