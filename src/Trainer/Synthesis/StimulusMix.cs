using System.Globalization;
using ViST.Renderer.Scenes;

namespace ViST.Trainer.Synthesis;

/// <summary>
/// The recipe of a synthetic training set: how much of each stimulus kind, in segments of a fixed length, and the
/// held-out naturalistic movies. Naturalistic movies teach the statistics users show; white noise, flashes,
/// chirps, gratings, bars and spots teach what a retina's classic experiments probe (polarity, kinetics, spatial
/// and temporal tuning, receptive-field position), which a model trained on movies alone never had to get right.
/// </summary>
public sealed record StimulusMix(IReadOnlyDictionary<string, double> Proportions, double TrainMinutes, double SegmentSeconds,
    int HeldOutMovies, double HeldOutSeconds, long Seed)
{
    public const string Naturalistic = "naturalistic", Noise = "noise", Flashes = "flashes", Gratings = "gratings",
        Bars = "bars", Spots = "spots";
    public static readonly string[] Kinds = [Naturalistic, Noise, Flashes, Gratings, Bars, Spots];
    /// <summary>The mix the embedded default was last trained on: a quarter gratings, which is what taught it the
    /// surround (docs/experiments/default-training).</summary>
    public const string DefaultProportions = "naturalistic=0.35,noise=0.2,gratings=0.25,flashes=0.08,bars=0.06,spots=0.06";

    /// <summary>"kind=weight,kind=weight": weights are normalised to proportions; unknown kinds are refused.</summary>
    public static Dictionary<string, double> ParseProportions(string text)
    {
        var result = new Dictionary<string, double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !Kinds.Contains(kv[0]))
                throw new ArgumentException($"--mix: '{part}' is not KIND=WEIGHT with KIND one of {string.Join(", ", Kinds)}");
            if (!double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double w) || !(w >= 0) || double.IsInfinity(w))
                throw new ArgumentException($"--mix: weight of {kv[0]} must be a number >= 0, got '{kv[1]}'");
            if (!result.TryAdd(kv[0], w)) throw new ArgumentException($"--mix: {kv[0]} is given twice");
        }
        double sum = result.Values.Sum();
        if (!(sum > 0)) throw new ArgumentException("--mix: the weights add up to 0; give at least one kind a positive weight");
        return result.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value / sum);
    }

    public void Validate()
    {
        if (!(TrainMinutes > 0)) throw new ArgumentException($"--minutes must be > 0, got {TrainMinutes}");
        if (!(SegmentSeconds >= 1)) throw new ArgumentException($"--segment-s must be at least 1 s, got {SegmentSeconds}");
        if (HeldOutMovies < 1) throw new ArgumentException($"--heldout-movies must be at least 1 (validation needs one), got {HeldOutMovies}");
        if (!(HeldOutSeconds >= 1)) throw new ArgumentException($"--heldout-s must be at least 1 s, got {HeldOutSeconds}");
        if (Seed < 0 || Seed > uint.MaxValue) throw new ArgumentException($"--seed must be in [0, {uint.MaxValue}], got {Seed}");
    }

    /// <summary>Training segments per kind: the proportions of round(minutes / segment length) segments, by largest
    /// remainder (so they add up), each kind with a positive weight getting at least one.</summary>
    public IReadOnlyList<(string Kind, int Count)> SegmentCounts()
    {
        int total = Math.Max(Proportions.Count, (int)Math.Round(TrainMinutes * 60 / SegmentSeconds));
        var exact = Kinds.Where(Proportions.ContainsKey).Select(k => (Kind: k, Value: Proportions[k] * total)).ToList();
        var counts = exact.ToDictionary(e => e.Kind, e => Math.Max(1, (int)Math.Floor(e.Value)));
        foreach (var e in exact.OrderByDescending(e => e.Value - Math.Floor(e.Value)))
        {
            if (counts.Values.Sum() >= total) break;
            if (counts[e.Kind] < Math.Ceiling(e.Value)) counts[e.Kind]++;
        }
        return exact.Select(e => (e.Kind, counts[e.Kind])).ToList();
    }
}

/// <summary>One segment of a synthetic dataset: its name, kind, scene and length.</summary>
public sealed record MixSegment(string Name, string Kind, Scene Scene, int Frames, bool HeldOut);
