using System.Text.Json;
using ViST.RetinaModel.Bundles;
using ViST.Tests;

namespace ViST.Trainer.Tests;

/// <summary>A run on a tiny LN stimulus mix exported as a bundle: the ONNX streaming head reproduces the TorchSharp
/// run on the held-out movie, the manifest carries the scorecard and portable provenance.</summary>
public class ExportTests
{
    [Fact]
    public void AnExportedRunMatchesItsTrainingAndCarriesItsScorecardAndCommands()
    {
        string root = TestPaths.TempDir("export"), dataset = Path.Combine(root, "mix"), run = Path.Combine(root, "run"), bundle = Path.Combine(root, "m.vist");
        Check(VistTrain.Run("synth", "--out", dataset, "--minutes", "0.2", "--segment-s", "2", "--heldout-movies", "1", "--heldout-s", "8", "--trials", "4"));
        Check(VistTrain.Run("features", dataset, "--backbone", "pixels4"));
        Check(VistTrain.Run("train", dataset, "--out", run, "--backbone", "pixels4", "--epochs", "1", "--steps-per-epoch", "2", "--batch", "2",
            "--window", "48", "--video-dim", "4", "--video-layers", "2", "--swa-start", "0", "--device", "cpu", "--threads", "2"));
        Check(VistTrain.Run("export", run, "--out", bundle, "--scorecard-out", Path.Combine(root, "card")));

        var m = ModelBundle.Load(bundle).Manifest;
        Assert.Equal("pixels4", m.Backbone.Preset);
        Assert.Equal(90, m.Scorecard!["flash"]!["cells"]!.GetValue<int>());
        Assert.Equal(4, m.Scorecard["by_type"]!.AsArray().Count);
        Assert.True(File.Exists(Path.Combine(root, "card", "scorecard.png")), "--scorecard-out keeps the plot");
        string manifest = File.ReadAllText(Path.Combine(bundle, ModelBundle.ManifestFile));
        Assert.DoesNotContain(root, manifest);                                        // provenance is portable
        var commands = m.Provenance["commands"].Split('\n');
        Assert.StartsWith("vist-train synth --out mix ", commands[0]);
        Assert.Equal("vist-train features mix --backbone pixels4", commands[1]);
        Assert.StartsWith("vist-train train mix --out run --backbone pixels4", commands[2]);
        Assert.StartsWith("vist-train export run --out m.vist", commands[3]);

        // the bundle (ONNX, streamed frame by frame) and the run (TorchSharp, whole sequence) agree on the held-out movie
        var (_, byRun, _) = VistTrain.Run("eval", run, "--out", Path.Combine(root, "e1"));
        var (_, byBundle, _) = VistTrain.Run("eval", "--model", bundle, "--dataset", dataset, "--out", Path.Combine(root, "e2"));
        double Mean(string json) => JsonDocument.Parse(json[json.IndexOf('{')..]).RootElement.GetProperty("pearson").GetProperty("mean").GetDouble();
        Assert.Equal(Mean(byRun), Mean(byBundle), 4);
    }

    [Fact]
    public void AStageStartedFromAnotherRunsCheckpointListsThatRunAndItsDataset()
    {
        // run from the folder that holds everything, as a user would, so the recorded paths are relative to it
        string root = TestPaths.TempDir("export-chain"), cwd = Environment.CurrentDirectory;
        Environment.CurrentDirectory = root;
        try
        {
            foreach (var (mix, seed) in new[] { ("mix-a", "1"), ("mix-b", "2") })
            {
                Check(VistTrain.Run("synth", "--out", mix, "--minutes", "0.1", "--segment-s", "2", "--heldout-movies", "1", "--heldout-s", "4", "--trials", "2", "--seed", seed));
                Check(VistTrain.Run("features", mix, "--backbone", "pixels4"));
            }
            string[] tiny = ["--backbone", "pixels4", "--steps-per-epoch", "1", "--batch", "2", "--window", "48", "--video-dim", "4", "--video-layers", "2",
                "--swa-start", "0", "--device", "cpu", "--threads", "2"];
            Check(VistTrain.Run(["train", "mix-a", "--out", "first", "--epochs", "2", .. tiny]));
            Check(VistTrain.Run(["train", "mix-b", "--out", "second", "--epochs", "1", "--init", "first/checkpoint/model.safetensors", .. tiny]));
            Check(VistTrain.Run("export", "second", "--out", "m.vist", "--no-scorecard"));
        }
        finally { Environment.CurrentDirectory = cwd; }

        var commands = ModelBundle.Load(Path.Combine(root, "m.vist")).Manifest.Provenance["commands"].Split('\n');
        Assert.Equal(7, commands.Length);
        Assert.StartsWith("vist-train synth --out mix-a ", commands[0]);
        Assert.Equal("vist-train features mix-a --backbone pixels4", commands[1]);
        Assert.StartsWith("vist-train train mix-a --out first ", commands[2]);
        Assert.EndsWith("# the next stage started from its checkpoint after epoch 2 of 2", commands[2]);
        Assert.StartsWith("vist-train synth --out mix-b ", commands[3]);
        Assert.Equal("vist-train features mix-b --backbone pixels4", commands[4]);
        Assert.StartsWith("vist-train train mix-b --out second ", commands[5]);
        Assert.Contains("--init first/checkpoint/model.safetensors", commands[5]);
        Assert.StartsWith("vist-train export second --out m.vist", commands[6]);
    }

    static void Check((int Code, string Out, string Err) r) => Assert.True(r.Code == 0, r.Err + r.Out);
}
