using ViST.Renderer.Scenes;

namespace ViST.Trainer.Synthesis;

/// <summary>
/// Draws one scene of a stimulus kind from a seeded generator. Parameter ranges cover what the example sweeps
/// probe and the LN retina's cells respond to (centre sigmas 18-33 px, surrounds 2.5x; spatial optima near
/// 0.003-0.01 cycles/px; temporal peaks 60-80 ms), and reach beyond them so a model also learns where responses stop.
/// The same generator state gives the same scene: a dataset is reproducible from its recipe.
/// </summary>
public static class MixScenes
{
    const double Background = 0.5, Frame = 360;

    public static Scene Draw(string kind, Random rng, double seconds, Scene naturalisticBase) => kind switch
    {
        StimulusMix.Naturalistic => Naturalistic(rng, naturalisticBase),
        StimulusMix.Noise => Noise(rng),
        StimulusMix.Flashes => rng.NextDouble() < 0.3 ? Chirp(rng) : FlashSteps(rng, seconds),
        StimulusMix.Gratings => Gratings(rng, seconds),
        StimulusMix.Bars => Bars(rng, seconds),
        StimulusMix.Spots => Spots(rng, seconds),
        _ => throw new ArgumentException($"unknown stimulus kind '{kind}'"),
    };

    /// <summary>A held-out movie: the base scene exactly, with its own seed (the statistics users and the scorecard see).</summary>
    public static Scene HeldOutMovie(Random rng, Scene naturalisticBase) => naturalisticBase.WithSeed(NextSeed(rng));

    static long NextSeed(Random rng) => rng.NextInt64(1, uint.MaxValue);
    static double Uniform(Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
    static double LogUniform(Random rng, double lo, double hi) => Math.Exp(Uniform(rng, Math.Log(lo), Math.Log(hi)));
    static double Sign(Random rng) => rng.NextDouble() < 0.5 ? -1 : 1;
    static double[] Point(Random rng, double margin) => [Uniform(rng, margin, Frame - margin), Uniform(rng, margin, Frame - margin)];

    /// <summary>The base scene's movie with a new seed and its contrast, drift and saccades varied around the base.</summary>
    static Scene Naturalistic(Random rng, Scene baseScene)
    {
        var scene = baseScene.WithSeed(NextSeed(rng));
        int layer = scene.Layers.IndexOf(scene.Layers.First(l => l.Type == "naturalistic"));
        var l = scene.Layers[layer];
        return scene
            .WithParam(layer, "contrast", l.Number("contrast", 0) * Uniform(rng, 0.6, 1))
            .WithParam(layer, "drift_px_s", l.Number("drift_px_s", 0) * Uniform(rng, 0.5, 2))
            .WithParam(layer, "saccade_px", l.Number("saccade_px", 0) * Uniform(rng, 0.5, 1.5));
    }

    /// <summary>Checkerboard white noise, binary or Gaussian, at the patch scale (22.5 px) and finer and coarser.</summary>
    static Scene Noise(Random rng)
    {
        int[] checks = [8, 11, 15, 22, 30, 45];
        int[] refresh = [1, 1, 2, 3, 5];
        bool gaussian = rng.NextDouble() < 0.2;
        return new Scene(NextSeed(rng), Background, Layer.Create("noise",
            ("distribution", gaussian ? "gaussian" : "binary"),
            ("check_px", (long)checks[rng.Next(checks.Length)]),
            ("refresh_frames", (long)refresh[rng.Next(refresh.Length)]),
            ("contrast", gaussian ? Uniform(rng, 0.2, 0.4) : Uniform(rng, 0.4, 1))));
    }

    /// <summary>Full-field luminance steps of random length (0.3-2.5 s) and level.</summary>
    static Scene FlashSteps(Random rng, double seconds)
    {
        var steps = new List<object>();
        for (double t = 0; t < seconds;)
        {
            double d = Uniform(rng, 0.3, 2.5);
            steps.Add(new[] { d, Math.Round(Uniform(rng, 0.05, 0.95), 3) });
            t += d;
        }
        return new Scene(NextSeed(rng), Background, Layer.Create("flash", ("steps", steps.ToArray())));
    }

    /// <summary>The Euler-lab chirp at a random contrast; background after it ends.</summary>
    static Scene Chirp(Random rng) =>
        new(NextSeed(rng), Background, Layer.Create("chirp", ("contrast", Uniform(rng, 0.5, 1))));

    /// <summary>Drifting or reversing gratings, 2-4 s each: spatial frequency 0.001-0.1 cycles/px (log: the range of
    /// scenes/sweeps/spatial_frequency.json, from nearly full-field, which teaches the surround's cancellation, to
    /// finer than any cell resolves), 0.5-6 Hz, any orientation, contrast 0.1-1 (log); one in five in a circular
    /// aperture.</summary>
    static Scene Gratings(Random rng, double seconds)
    {
        var layers = new List<Layer>();
        for (double t = 0; t < seconds;)
        {
            double d = Uniform(rng, 2, 4);
            var ps = new List<(string, object?)>
            {
                ("cycles_per_px", LogUniform(rng, 0.001, 0.1)),
                ("temporal_hz", Sign(rng) * Uniform(rng, 0.5, 6)),
                ("orientation_deg", Uniform(rng, 0, 360)),
                ("contrast", LogUniform(rng, 0.1, 1)),
                ("phase_deg", Uniform(rng, 0, 360)),
                ("reversing", rng.NextDouble() < 0.2),
            };
            if (rng.NextDouble() < 0.2) ps.AddRange([("center_px", Point(rng, 40)), ("aperture_px", Uniform(rng, 40, 150))]);
            layers.Add(Layer.Create("grating", null, t, t + d, ps, null, null));
            t += d;
        }
        return new Scene(NextSeed(rng), Background, layers);
    }

    /// <summary>Bright or dark bars (8-60 px wide) sweeping across the frame in random directions at 150-600 px/s.</summary>
    static Scene Bars(Random rng, double seconds)
    {
        var layers = new List<Layer>();
        const double travel = 560;                                  // from 280 px before the centre to 280 px after
        for (double t = 0; t < seconds;)
        {
            double speed = Uniform(rng, 150, 600), d = travel / speed;
            layers.Add(Layer.Create("bar", null, t, t + d,
            [
                ("width_px", Uniform(rng, 8, 60)), ("direction_deg", Uniform(rng, 0, 360)), ("speed_px_s", speed),
                ("contrast", Sign(rng) * Uniform(rng, 0.3, 1)), ("center_px", Point(rng, 90)), ("offset_px", -travel / 2),
            ], null, null));
            t += d + Uniform(rng, 0, 0.5);
        }
        return new Scene(NextSeed(rng), Background, layers);
    }

    /// <summary>Bright or dark spots (radius 8-120 px, log) flashed for 0.3-2 s at random places, 0.2-1 s apart.</summary>
    static Scene Spots(Random rng, double seconds)
    {
        var layers = new List<Layer>();
        for (double t = Uniform(rng, 0, 0.5); t < seconds;)
        {
            double d = Uniform(rng, 0.3, 2);
            layers.Add(Layer.Create("spot", null, t, t + d,
                [("center_px", Point(rng, 30)), ("radius_px", LogUniform(rng, 8, 120)), ("contrast", Sign(rng) * Uniform(rng, 0.3, 1))], null, null));
            t += d + Uniform(rng, 0.2, 1);
        }
        return new Scene(NextSeed(rng), Background, layers);
    }
}
