using System.CommandLine;
using System.Text.Json;
using ViST.Cli;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.IO;
using ViST.Tests;
using ViST.Trainer.Commands;
using ViST.Trainer.Experiments;
using ViST.Trainer.Training;

namespace ViST.Trainer.Tests;

[CollectionDefinition("experiment-console", DisableParallelization = true)]
public class ExperimentConsoleCollection;

/// <summary>The paper's experiments end to end at CI size, the cell selection and the pixel features.</summary>
[Collection("experiment-console")]
public class ExperimentTests
{
    static readonly string[] Budget = ["--epochs", "1", "--steps-per-epoch", "2", "--batch", "2", "--window", "24",
        "--video-dim", "4", "--video-layers", "1", "--backbone", "test", "--device", "cpu", "--threads", "1"];

    static (int Code, string Out, string Err) Run(params string[] args) => VistTrain.Run(args);

    [Fact]
    public void AblationTrainsEachVariantWritesTheTablesAndThePlotAndSkipsFinishedRuns()
    {
        string dataset = TrainingPipelineTests.MakeDataset(), dir = TestPaths.TempDir();
        var (code, _, err) = Run([.. new[] { "experiment", "ablation", dataset, "--out", dir, "--variants", "full,no-adaln" }, .. Budget]);
        Assert.True(code == 0, err);
        foreach (var sub in new[] { "full-s0", "no-adaln-s0" })
            Assert.True(File.Exists(Path.Combine(dir, sub, "model.safetensors")), sub);
        var csv = File.ReadAllLines(Path.Combine(dir, "ablation.csv"));
        Assert.StartsWith("variant,paper_label,paper_cc,seeds,cc_abs_mean,cc_abs_sd,cc_mean,cc_sd,sd_kl_mean,sd_kl_sd", csv[0]);
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("full,Vi-ST baseline,0.334,1,", csv[1]);
        Assert.StartsWith("no-adaln,Remove Spikes Alignment,0.170,1,", csv[2]);
        double ccFull = double.Parse(csv[1].Split(',')[4], System.Globalization.CultureInfo.InvariantCulture);
        var full = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "full-s0", "eval", "metrics.json"))).RootElement;
        Assert.Equal(full.GetProperty("pearson").GetProperty("mean_abs").GetDouble(), ccFull, 5);
        Assert.Contains("| no-adaln | Remove Spikes Alignment |", File.ReadAllText(Path.Combine(dir, "ablation.md")));
        AssertPng(Path.Combine(dir, "ablation.png"));

        var log = File.ReadAllText(Path.Combine(dir, "full-s0", "log.csv"));
        (code, _, err) = Run([.. new[] { "experiment", "ablation", dataset, "--out", dir, "--variants", "full,no-adaln" }, .. Budget]);
        Assert.True(code == 0, err);
        Assert.Equal(log, File.ReadAllText(Path.Combine(dir, "full-s0", "log.csv")));     // not trained again

        (code, _, err) = Run([.. new[] { "experiment", "ablation", dataset, "--out", dir, "--variants", "full", "--lr", "0.01" }, .. Budget]);
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("holds a run with other settings", err);
    }

    [Fact]
    public void AnInterruptedSubRunIsResumed()
    {
        string dataset = TrainingPipelineTests.MakeDataset(), dir = TestPaths.TempDir();
        var o = new TrainOptions
        {
            Backbone = "test", Epochs = 2, StepsPerEpoch = 2, BatchSize = 2, Window = 24, SwaStart = 0, VideoLayers = 1,
            VideoDim = 4, Device = "cpu", Cells = [0, 2],
        };
        var runs = new SubRuns(dir, Dataset.Load(dataset));
        new ViStTrainer(runs.Data(o), o, new TrainingRun(Path.Combine(dir, "x"))).Run(resume: false, stopAfterEpoch: 0);
        var eval = runs.Ensure("x", o, "resume test", 1, 1);
        Assert.Equal(1, runs.Trained);
        Assert.Equal([0, 1], TrainingLog.Read(Path.Combine(dir, "x", "log.csv")).Select(r => r.Epoch));
        Assert.Equal(2, eval.Report.Pearson.PerNeuron.Length);
    }

    [Fact]
    public void PopulationKeepsTheTopCellsAndPlotsCcAgainstSize()
    {
        string dataset = TrainingPipelineTests.MakeDataset(), dir = TestPaths.TempDir();
        var (code, _, err) = Run([.. new[] { "experiment", "population", dataset, "--out", dir, "--sizes", "5,2,1", "--seeds", "3" }, .. Budget]);
        Assert.True(code == 0, err);
        var ranking = File.ReadAllLines(Path.Combine(dir, "ranking.csv")).Skip(1).Select(l => int.Parse(l.Split(',')[1])).ToArray();
        Assert.Equal(5, ranking.Length);
        var one = JsonSerializer.Deserialize<RunInfo>(File.ReadAllText(Path.Combine(dir, "n1-s3", "run.json")), TrainingRun.Json)!;
        Assert.Equal([ranking[0]], one.Options.Cells!);
        Assert.Equal(3, one.Options.Seed);
        Assert.Equal(0, one.Options.WarmupEpochs);                          // the recipe's 5 of 30 epochs, of 1 epoch
        Assert.Equal(one.Options.Lr / 16, one.Options.WarmupLr, 1e-12);     // the recipe's start factor 5e-5 / 8e-4
        var two = JsonSerializer.Deserialize<RunInfo>(File.ReadAllText(Path.Combine(dir, "n2-s3", "run.json")), TrainingRun.Json)!;
        Assert.Equal(ranking.Take(2).Order(), two.Options.Cells);
        Assert.Null(JsonSerializer.Deserialize<RunInfo>(File.ReadAllText(Path.Combine(dir, "n5-s3", "run.json")), TrainingRun.Json)!.Options.Cells);
        Assert.Equal(3, Directory.GetDirectories(dir).Length);          // n5-s3 doubles as the reference
        var csv = File.ReadAllLines(Path.Combine(dir, "population.csv"));
        Assert.Equal("cells,top_cells,seeds,top_cc_mean,top_cc_sd,cc_abs_mean,cc_abs_sd", csv[0]);
        Assert.Equal(["5", "2", "1"], csv.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(csv.Skip(1), l => Assert.Equal("1", l.Split(',')[2]));
        // size 1: top_cc is that cell's own r; size 5: the mean r of the reference's best 5, as ranking.csv lists
        var r1 = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "n1-s3", "eval", "metrics.json")))
            .RootElement.GetProperty("pearson").GetProperty("per_neuron")[0].GetDouble();
        Assert.Equal(r1, double.Parse(csv[3].Split(',')[3], System.Globalization.CultureInfo.InvariantCulture), 5);
        var reference = File.ReadAllLines(Path.Combine(dir, "ranking.csv")).Skip(1).Select(l => double.Parse(l.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(reference.Average(), double.Parse(csv[1].Split(',')[3], System.Globalization.CultureInfo.InvariantCulture), 4);
        Assert.Contains("| 1 |", File.ReadAllText(Path.Combine(dir, "population.md")));
        AssertPng(Path.Combine(dir, "population.png"));

        // A finished run as --reference, into a folder that does not exist yet: the same ranking, no reference run trained.
        string fresh = Path.Combine(TestPaths.TempDir(), "new", "population");
        (code, _, err) = Run([.. new[] { "experiment", "population", dataset, "--out", fresh, "--sizes", "1", "--seeds", "3",
            "--reference", Path.Combine(dir, "n5-s3") }, .. Budget]);
        Assert.True(code == 0, err);
        string[][] Ranking(string d) => File.ReadAllLines(Path.Combine(d, "ranking.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var (first, again) = (Ranking(dir), Ranking(fresh));
        Assert.Equal(first.Select(r => r[1]), again.Select(r => r[1]));          // same cells in the same order
        Assert.All(first.Zip(again), p => Assert.Equal(double.Parse(p.First[4], System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(p.Second[4], System.Globalization.CultureInfo.InvariantCulture), 5));   // re-evaluated: last digits may move
        Assert.Equal([Path.Combine(fresh, "n1-s3")], Directory.GetDirectories(fresh));
    }

    [Fact]
    public void TablesGiveTheMeanAndSampleSpreadOverSeeds()
    {
        var rows = ExperimentTable.Summarise([
            new("a", 0, new Dictionary<string, double> { ["cc"] = 0.2 }), new("b", 0, new Dictionary<string, double> { ["cc"] = 0.5 }),
            new("a", 1, new Dictionary<string, double> { ["cc"] = 0.4 }), new("a", 2, new Dictionary<string, double> { ["cc"] = double.NaN })], ["cc"]);
        Assert.Equal(["a", "b"], rows.Select(r => r.Group));
        Assert.Equal(3, rows[0].Seeds);
        Assert.Equal(0.3, rows[0].Mean("cc"), 12);
        Assert.Equal(Math.Sqrt(0.02), rows[0].Sd("cc"), 12);        // sample SD of 0.2, 0.4 (the NaN run left out)
        Assert.True(double.IsNaN(rows[1].Sd("cc")));                 // one seed: no spread
        string md = Path.Combine(TestPaths.TempDir(), "t.md");
        ExperimentTable.WriteMarkdown(md, "T", "caption", "group", rows, ["cc"], [], _ => []);
        Assert.Contains("| a | 3 | 0.300 ± 0.141 |", File.ReadAllText(md));
        Assert.Contains("| b | 1 | 0.500 |", File.ReadAllText(md));
    }

    [Fact]
    public void PopulationSetsAlwaysHoldTheTopEight()
    {
        var ranked = Enumerable.Range(0, 30).Reverse().ToArray();       // cell 29 best
        Assert.Equal([29], PopulationCells.Draw(ranked, 1, 0));
        Assert.Equal(ranked.Take(5).Order(), PopulationCells.Draw(ranked, 5, 0));
        var a = PopulationCells.Draw(ranked, 16, 0);
        Assert.Equal(16, a.Distinct().Count());
        Assert.Subset(a.ToHashSet(), ranked.Take(8).ToHashSet());
        Assert.NotEqual(a, PopulationCells.Draw(ranked, 16, 1));
        Assert.Equal(a, PopulationCells.Draw(ranked, 16, 0));
        Assert.Throws<ArgumentException>(() => PopulationCells.Draw(ranked, 31, 0));
    }

    [Fact]
    public void TheDefaultVariantListIsThePapersFigure()
    {
        Assert.Equal(["full", "noncausal-msb", "noncausal-video", "video-condition", "no-multiscale", "rmse-loss",
            "no-video-extractor", "no-foundation-prior", "no-adaln"], AblationVariant.All.Select(v => v.Name));
        var ablation = ExperimentCommand.Create().Subcommands.Single(c => c.Name == "ablation");
        var variants = ablation.Options.Single(o => o.Name == "--variants");
        var parsed = new RootCommand { ExperimentCommand.Create() }.Parse("experiment ablation d --out o");
        Assert.Equal(string.Join(",", AblationVariant.All.Select(v => v.Name)), parsed.GetValue<string>("--variants"));
        Assert.NotNull(variants);
        // each variant changes the options (and only the full model is the paper's network)
        var o = new TrainOptions();
        Assert.All(AblationVariant.All.Skip(1), v => Assert.NotEqual(o, v.Apply(o)));
        Assert.True(o.NetworkConfig(6, 5, 16).IsPaperNetwork);
        Assert.Contains("unknown variant 'nope'", Assert.Throws<ArgumentException>(() => AblationVariant.Parse("full,nope")).Message);
    }

    [Fact]
    public void CellsSelectRatesMasksAndTheNetworkSize()
    {
        string dataset = TrainingPipelineTests.MakeDataset(), run = Path.Combine(TestPaths.TempDir(), "run");
        var ds = Dataset.Load(dataset);
        var data = new TrainingData(ds, "test", null, CellSelection.Parse("3,1", ds.CellCount));
        Assert.Equal(2, data.Cells);
        var y = data.Targets([new Window(0, 10, 4)]);
        for (int t = 0; t < 4; t++)
        {
            Assert.Equal(ds.Rates[(10 + t) * 5 + 3], y[0, t, 0].item<float>());
            Assert.Equal(ds.Rates[(10 + t) * 5 + 1], y[0, t, 1].item<float>());
        }
        Assert.Equal(ds.RfMasks.AsSpan(3 * 256, 256).ToArray(), data.RfMasks.AsSpan(0, 256).ToArray());

        var (code, _, err) = Run([.. new[] { "train", dataset, "--out", run, "--cells", "1,3", "--swa-start", "0" }, .. Budget]);
        Assert.True(code == 0, err);
        Assert.Equal(2, Model.ViStWeights.Load(Path.Combine(run, "model.safetensors")).Config.Cells);
        string output;
        (code, output, err) = Run("eval", run, "--cells", "3");
        Assert.True(code == 0, err);
        Assert.Equal(1, JsonDocument.Parse(output).RootElement.GetProperty("pearson").GetProperty("per_neuron").GetArrayLength());
        (code, _, err) = Run("eval", run, "--cells", "0");
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("cell 0 is not modelled", err);
    }

    [Fact]
    public void CellListsParseRangesAndFilesAndRejectNonsense()
    {
        Assert.Equal([0, 3, 5, 6, 7], CellSelection.Parse("0,3,5-7", 8));
        string file = Path.Combine(TestPaths.TempDir(), "cells.txt");
        File.WriteAllLines(file, ["# best cells", "4", "1-2  # a range"]);
        Assert.Equal([4, 1, 2], CellSelection.Parse(file, 8));
        Assert.Contains("cell 8 does not exist", Assert.Throws<ArgumentException>(() => CellSelection.Parse("2,8", 8)).Message);
        Assert.Contains("selected twice", Assert.Throws<ArgumentException>(() => CellSelection.Parse("2,1-3", 8)).Message);
        Assert.Throws<FileNotFoundException>(() => CellSelection.Parse("no-such-file.txt", 8));
        Assert.Equal("0-2,5,7-8", CellSelection.Format([0, 1, 2, 5, 7, 8]));
    }

    [Fact]
    public void ExportRefusesAnAblationRun()
    {
        var run = new TrainingRun(TestPaths.TempDir());
        run.WriteRunInfo(new RunInfo("nowhere", new TrainOptions { Condition = "none" }, 6, 256, 1024, 90, 16, "t", "p"));
        var (code, _, err) = Run("export", run.Directory, "--out", Path.Combine(TestPaths.TempDir(), "x.vist"));
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("ablation run (no-adaln) cannot be exported", err);
    }

    [Fact]
    public void ExportRefusesARunThatHasNotFinished()
    {
        var run = new TrainingRun(TestPaths.TempDir());
        run.WriteRunInfo(new RunInfo("nowhere", new TrainOptions(), 6, 256, 1024, 90, 16, "t", "p"));
        var (code, _, err) = Run("export", run.Directory, "--out", Path.Combine(TestPaths.TempDir(), "x.vist"));
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("not a finished training run (no model.safetensors)", err);
    }

    [Fact]
    public void FeaturesCommandWritesThePixelCache()
    {
        string dataset = TrainingPipelineTests.MakeDataset();
        var (code, _, err) = Run("features", dataset, "--backbone", "pixels");
        Assert.True(code == 0, err);
        var cache = Npy.Read(TrainingData.FeatureCachePath(dataset, "pixels"));
        Assert.Equal(new long[] { 240, 256, 64 }, cache.Shape);
        Assert.Equal(DType.Float16, cache.DType);
    }

    static void AssertPng(string path)
    {
        var head = File.ReadAllBytes(path).Take(4).ToArray();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, head);
    }
}

/// <summary>The backbone comparison and the learning curve against data, CI-sized.</summary>
public class BackboneAndDataSizeExperimentTests
{
    static readonly string[] Budget = ["--epochs", "2", "--steps-per-epoch", "2", "--batch", "2", "--window", "24",
        "--video-dim", "4", "--video-layers", "1", "--device", "cpu", "--threads", "1"];

    [Fact]
    public void BackbonesAreComparedAtOneBudgetAndTabled()
    {
        string dataset = TrainingPipelineTests.MakeDataset(), dir = TestPaths.TempDir();
        var (code, _, err) = VistTrain.Run([.. new[] { "experiment", "backbones", dataset, "--out", dir, "--backbones", "pixels,pixels4", "--no-scorecard" }, .. Budget]);
        Assert.True(code == 0, err);
        var csv = File.ReadAllLines(Path.Combine(dir, "backbones.csv"));
        Assert.StartsWith("backbone,features_per_patch,seeds,cc_abs_mean", csv[0]);
        Assert.StartsWith("pixels,64,1,", csv[1]);
        Assert.StartsWith("pixels4,16,1,", csv[2]);
        Assert.True(new FileInfo(Path.Combine(dir, "backbones.png")).Length > 1000);
        (code, _, err) = VistTrain.Run([.. new[] { "experiment", "backbones", dataset, "--out", dir, "--backbones", "pixels,nonsense", "--no-scorecard" }, .. Budget]);
        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("nonsense", err);
    }

    [Fact]
    public void DataSizeTrainsOnFractionsAndReusesTheFullRun()
    {
        string dataset = TrainingPipelineTests.MakeDataset(), dir = TestPaths.TempDir();
        var (code, _, err) = VistTrain.Run([.. new[] { "experiment", "datasize", dataset, "--out", dir, "--fractions", "0.5,1", "--backbone", "test" }, .. Budget]);
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(dir, "test-f0.5-s0", "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(dir, "test-s0", "model.safetensors")));          // the full run has the plain name
        var csv = File.ReadAllLines(Path.Combine(dir, "datasize.csv"));
        Assert.StartsWith("data,train_frames,seeds", csv[0]);
        Assert.Equal(["50%", "100%"], csv.Skip(1).Select(l => l.Split(',')[0]));
        Assert.True(new FileInfo(Path.Combine(dir, "datasize.png")).Length > 1000);
    }

    [Fact]
    public void ATrainFractionKeepsEvenlySpacedSegmentsAndTheTestRanges()
    {
        const int segments = 8, per = 30;
        string dir = TestPaths.TempDir();
        var manifest = new DatasetManifest
        {
            Name = "f", Segments = Enumerable.Range(0, segments).Select(i => new DatasetSegment($"s{i}", i * per, per, 1000 / 30.0)).ToList(),
            Splits = new() { ["x"] = new(Enumerable.Range(0, segments - 1).Select(i => new DatasetRange($"s{i}")).ToList(), [new DatasetRange($"s{segments - 1}")]) },
            DefaultSplit = "x",
            CellInfo = [new DatasetCell(0, "test", 100, 100)],
        };
        DatasetWriter.Write(dir, new byte[segments * per * 360 * 360], new float[segments * per], null, new float[256], manifest);
        RetinaModel.IO.Npy.Write(TrainingData.FeatureCachePath(dir, "t"), RetinaModel.IO.NdArray.Of(new Half[segments * per * 256 * 2], segments * per, 256, 2));
        var data = new TrainingData(Dataset.Load(dir), "t", null);
        var third = data.WithTrainFraction(3.0 / 7);
        Assert.Equal(["s1", "s3", "s5"], third.Split.Train.Select(r => r.Segment));
        Assert.Equal(data.Split.Test, third.Split.Test);
        Assert.Equal(7, data.WithTrainFraction(1).Split.Train.Count);
        Assert.Throws<ArgumentException>(() => data.WithTrainFraction(0));
    }
}
