using System.Text.Json.Nodes;
using ViST.Renderer;
using ViST.Renderer.Scenes;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.IO;
using ViST.Trainer.Synthesis;
using ViST.Trainer.Training;
using ViST.Tests;

namespace ViST.Trainer.Tests;

/// <summary>`vist-train synth`: a tiny stimulus mix built end to end and checked as training reads it.</summary>
public class SynthMixTests
{
    [Fact]
    public void ATinyMixHasEveryKindItsScenesAndTheHeldOutMovies()
    {
        string dir = Path.Combine(TestPaths.TempDir("synth"), "mix");
        var (code, _, err) = VistTrain.Run("synth", "--out", dir, "--minutes", "0.4", "--segment-s", "2", "--heldout-movies", "2",
            "--heldout-s", "2", "--trials", "4", "--seed", "5");
        Assert.True(code == 0, err);
        using var ds = Dataset.Load(dir);
        var kinds = ds.Manifest.Segments.Select(s => s.Name[..s.Name.LastIndexOf('-')]).Distinct().ToList();
        Assert.Equal(StimulusMix.Kinds.Append("heldout").Order(), kinds.Order());
        Assert.Equal(12 * 60 + 2 * 60, ds.FrameCount);                      // 24 s of mix (12 segments of 2 s) + 2 x 2 s held out
        Assert.Equal(4, ds.TrialCount);
        var split = ds.GetSplit();
        Assert.Equal(SynthDataset.Split, split.Name);
        Assert.Equal(["heldout-1", "heldout-2"], split.Test.Select(r => r.Segment));
        Assert.DoesNotContain(split.Train, r => r.Segment.StartsWith("heldout"));
        Assert.Equal(5, ds.Manifest.Recipe!["seed"]!.GetValue<long>());
        Assert.DoesNotContain("/", ds.Manifest.Recipe.ToJsonString().Replace("scenes/naturalistic.json", ""));   // no machine paths

        // every segment's scene file re-renders exactly the frames the dataset holds
        using var renderer = new HeadlessRenderer();
        foreach (var segment in ds.Manifest.Segments.Where((_, i) => i % 3 == 0))
        {
            var scene = SceneJson.Load(Path.Combine(dir, SynthDataset.ScenesFolder, segment.Name + ".json"));
            var frames = new byte[3 * FrameSpec.Pixels];
            renderer.RenderFrames(scene, 20, 3, frames);
            Assert.Equal(ds.Frames.Range(segment.Start + 20, 3).ToArray(), frames);
        }
        // the LN responses are those of a retina that starts each segment from rest
        var second = ds.Manifest.Segments[1];
        var alone = ViST.RetinaModel.Ln.LnSimulation.Simulate(ds.Frames.Range(second.Start, second.Frames), 1, 9);
        Assert.Equal(alone.Rates, ds.Rates.AsSpan(second.Start * 90, second.Frames * 90).ToArray());

        (code, _, err) = VistTrain.Run("features", dir, "--backbone", "resnet18-l2+pixels4", "--batch", "7");
        Assert.True(code == 0, err);
        using var cache = NpyMap.Open(TrainingData.FeatureCachePath(dir, "resnet18-l2+pixels4"));
        Assert.Equal(new long[] { ds.FrameCount, 256, 144 }, cache.Shape);
        var data = new TrainingData(ds, "resnet18-l2+pixels4", null);
        Assert.Equal(144, data.FeatureDim);
    }

    [Theory]
    [InlineData("--mix", "noise=1,clouds=2", "clouds")]
    [InlineData("--mix", "noise=0", "add up to 0")]
    [InlineData("--segment-s", "0.5", "--segment-s")]
    [InlineData("--heldout-movies", "0", "--heldout-movies")]
    public void BadRecipesAreRefusedBeforeAnythingIsWritten(string option, string value, string message)
    {
        string dir = Path.Combine(TestPaths.TempDir("synth"), "bad");
        var (code, _, err) = VistTrain.Run("synth", "--out", dir, option, value);
        Assert.Equal(ViST.Cli.CliRunner.BadInput, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void SegmentCountsFollowTheProportionsAndAddUp()
    {
        var mix = new StimulusMix(StimulusMix.ParseProportions("naturalistic=2,noise=1,spots=1"), 2, 3, 1, 10, 1);
        var counts = mix.SegmentCounts().ToDictionary(c => c.Kind, c => c.Count);
        Assert.Equal(40, counts.Values.Sum());
        Assert.Equal(20, counts["naturalistic"]);
        Assert.Equal(10, counts["noise"]);
        Assert.Equal(10, counts["spots"]);
    }
}
