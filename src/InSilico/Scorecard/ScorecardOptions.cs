namespace ViST.InSilico.Scorecard;

/// <summary>
/// What the scorecard shows a model, all generated fresh from these seeds (never a training movie): the seed of
/// the first naturalistic test movie (movie k has seed MovieSeed + k), of the LN retina's Poisson trials on it
/// (PoissonSeed + k on movie k), and of the white noise for the STA.
/// </summary>
/// <param name="NaturalisticScene">the naturalistic base scene (its seed is replaced by each movie's)</param>
/// <param name="Movies">how many unseen movies, each <paramref name="MovieSeconds"/> long</param>
/// <param name="SweepsDir">folder of the ready sweeps (flash_classification.json, spatial_frequency.json, white_noise_sta.json)</param>
public sealed record ScorecardOptions(string NaturalisticScene, string SweepsDir, long MovieSeed = 20240710, int Movies = 3, ulong PoissonSeed = 7,
    long NoiseSeed = 1001, double MovieSeconds = 60, int Trials = 30, int Batch = 16, bool Plots = true)
{
    public void Validate()
    {
        if (Movies < 1) throw new ArgumentException($"--movies must be at least 1, got {Movies}");
        if (MovieSeed < 0 || MovieSeed > uint.MaxValue - Movies + 1) throw new ArgumentException($"--movie-seed must be in [0, {uint.MaxValue - Movies + 1}] for {Movies} movies, got {MovieSeed}");
        if (NoiseSeed < 0 || NoiseSeed > uint.MaxValue - 16) throw new ArgumentException($"--noise-seed must be in [0, {uint.MaxValue - 16}], got {NoiseSeed}");
        if (!(MovieSeconds >= 10)) throw new ArgumentException($"--movie-s must be at least 10 s (the noise ceiling needs a long movie), got {MovieSeconds}");
        if (Trials < 4) throw new ArgumentException($"--trials must be at least 4 (split-half reliability), got {Trials}");
        if (Batch < 1) throw new ArgumentException($"--batch must be >= 1, got {Batch}");
    }
}
