namespace ViST.InSilico.Scorecard;

/// <summary>
/// What the scorecard shows a model, all generated fresh from these seeds (never a training movie): the seed of
/// the naturalistic test movie, of the LN retina's Poisson trials on it, and of the white noise for the STA.
/// </summary>
/// <param name="NaturalisticScene">the naturalistic base scene (its seed is replaced by <paramref name="MovieSeed"/>)</param>
/// <param name="SweepsDir">folder of the ready sweeps (flash_classification.json, spatial_frequency.json, white_noise_sta.json)</param>
public sealed record ScorecardOptions(string NaturalisticScene, string SweepsDir, long MovieSeed = 20240710, ulong PoissonSeed = 7,
    long NoiseSeed = 1001, double MovieSeconds = 60, int Trials = 30, int Batch = 16, bool Plots = true)
{
    public void Validate()
    {
        if (MovieSeed < 0 || MovieSeed > uint.MaxValue) throw new ArgumentException($"--movie-seed must be in [0, {uint.MaxValue}], got {MovieSeed}");
        if (NoiseSeed < 0 || NoiseSeed > uint.MaxValue - 16) throw new ArgumentException($"--noise-seed must be in [0, {uint.MaxValue - 16}], got {NoiseSeed}");
        if (!(MovieSeconds >= 10)) throw new ArgumentException($"--movie-s must be at least 10 s (the noise ceiling needs a long movie), got {MovieSeconds}");
        if (Trials < 4) throw new ArgumentException($"--trials must be at least 4 (split-half reliability), got {Trials}");
        if (Batch < 1) throw new ArgumentException($"--batch must be >= 1, got {Batch}");
    }
}
