using System.Text.Json;
using System.Text.Json.Nodes;
using ViST.Renderer;
using ViST.Renderer.Scenes;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.IO;
using ViST.RetinaModel.Ln;

namespace ViST.Trainer.Synthesis;

/// <summary>
/// Builds a synthetic dataset from a <see cref="StimulusMix"/>: every segment's scene is drawn from the recipe's
/// seed, rendered and streamed into frames.npy (never held whole: tens of thousands of frames are several GB), and
/// shown to a fresh LN retina (each segment starts from rest, as a separate recording would); Poisson trials get
/// their own seed per segment. Each segment's scene is kept as scenes/NAME.json, so `vist render --scene` replays it.
/// The split "heldout-naturalistic" (the default) trains on every mix segment and tests on the held-out movies.
/// </summary>
public static class SynthDataset
{
    public const string Split = "heldout-naturalistic", ScenesFolder = "scenes";

    /// <summary>The segments the recipe gives, in dataset order: training segments grouped by kind, then the
    /// held-out movies. Pure function of the recipe.</summary>
    public static List<MixSegment> Plan(StimulusMix mix, Scene naturalisticBase)
    {
        mix.Validate();
        var rng = new Random(unchecked((int)mix.Seed));
        int frames = (int)Math.Round(mix.SegmentSeconds * FrameSpec.FrameRate);
        var segments = new List<MixSegment>();
        foreach (var (kind, count) in mix.SegmentCounts())
            for (int i = 0; i < count; i++)
                segments.Add(new MixSegment($"{kind}-{i + 1:D3}", kind, MixScenes.Draw(kind, rng, mix.SegmentSeconds, naturalisticBase), frames, false));
        int heldOut = (int)Math.Round(mix.HeldOutSeconds * FrameSpec.FrameRate);
        for (int i = 0; i < mix.HeldOutMovies; i++)
            segments.Add(new MixSegment($"heldout-{i + 1}", StimulusMix.Naturalistic, MixScenes.HeldOutMovie(rng, naturalisticBase), heldOut, true));
        return segments;
    }

    /// <param name="recipe">the command's options, stored in the manifest as the recipe</param>
    /// <param name="progress">frames done so far</param>
    public static Dataset Write(string dir, IReadOnlyList<MixSegment> segments, int trials, ulong poissonSeed, string name,
        JsonObject recipe, IProgress<long>? progress = null)
    {
        var cells = LnMosaic.Cells;
        int n = cells.Count, total = segments.Sum(s => s.Frames);
        var rates = new float[(long)total * n];
        var trialData = trials > 0 ? new float[(long)trials * total * n] : null;
        var manifestSegments = new List<DatasetSegment>();
        Directory.CreateDirectory(Path.Combine(dir, ScenesFolder));
        using (var frames = new NpyWriter(Path.Combine(dir, Dataset.FramesFile), DType.UInt8, DatasetWriter.FramesShape(total)))
        using (var renderer = new HeadlessRenderer())
        {
            int start = 0; long done = 0;
            for (int k = 0; k < segments.Count; k++)
            {
                var s = segments[k];
                var pixels = new byte[(long)s.Frames * FrameSpec.Pixels];
                renderer.Prepare(s.Scene);
                const int chunk = 60;
                for (int i = 0; i < s.Frames; i += chunk)
                {
                    int c = Math.Min(chunk, s.Frames - i);
                    renderer.RenderFrames(s.Scene, i, c, pixels.AsSpan(i * FrameSpec.Pixels, c * FrameSpec.Pixels));
                    progress?.Report(done += c);
                }
                frames.Append<byte>(pixels);
                var response = LnSimulation.Simulate(pixels, trials, SegmentSeed(poissonSeed, k), cells);
                response.Rates.CopyTo(rates.AsSpan(start * n));
                for (int r = 0; r < trials; r++)
                    response.Trials.AsSpan(r * s.Frames * n, s.Frames * n).CopyTo(trialData.AsSpan((int)(((long)r * total + start) * n)));
                File.WriteAllText(Path.Combine(dir, ScenesFolder, s.Name + ".json"), s.Scene.ToJson() + "\n");
                manifestSegments.Add(new DatasetSegment(s.Name, start, s.Frames, 1000 / FrameSpec.FrameRate,
                    $"{s.Kind}: {ScenesFolder}/{s.Name}.json"));
                start += s.Frames;
            }
            frames.Complete();
        }
        var train = segments.Where(s => !s.HeldOut).Select(s => new DatasetRange(s.Name)).ToList();
        var test = segments.Where(s => s.HeldOut).Select(s => new DatasetRange(s.Name)).ToList();
        var manifest = new DatasetManifest
        {
            Name = name,
            Source = $"LN virtual retina ({n} cells, see {LnSimulation.GroundTruthFile}) watching a stimulus mix; Poisson seed {poissonSeed}, {trials} trials.",
            Recipe = recipe,
            Segments = manifestSegments,
            Splits = new() { [Split] = new DatasetSplitSpec(train, test) },
            DefaultSplit = Split,
            CellInfo = cells.Select(c => new DatasetCell(c.Id, c.TypeLabel, c.CenterX, c.CenterY)).ToList(),
            Stats = segments.GroupBy(s => s.Kind).ToDictionary(g => $"frames_{g.Key}", g => (double)g.Where(s => !s.HeldOut).Sum(s => s.Frames)),
        };
        var dataset = DatasetWriter.WriteAroundFrames(dir, rates, trialData, LnSimulation.TrueRfMasks(cells), manifest);
        LnSimulation.WriteGroundTruth(dir, cells);
        return dataset;
    }

    /// <summary>Segment k's Poisson seed: distinct per segment, fixed by the dataset's seed.</summary>
    static ulong SegmentSeed(ulong seed, int k) => unchecked(seed * 0x9E3779B97F4A7C15UL + (ulong)k * 0xBF58476D1CE4E5B9UL + 1);
}
