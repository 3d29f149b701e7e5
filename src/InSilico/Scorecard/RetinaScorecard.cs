using System.Diagnostics;
using System.Text.Json.Nodes;
using ViST.InSilico.Analysis;
using ViST.InSilico.Sweeps;
using ViST.Renderer;
using ViST.Renderer.Scenes;
using ViST.RetinaModel;
using ViST.RetinaModel.Ln;
using ViST.RetinaModel.Metrics;

namespace ViST.InSilico.Scorecard;

/// <summary>
/// Scores any retina against the virtual LN retina's ground truth on stimuli generated fresh from the options'
/// seeds: (a) unseen naturalistic movies, (b) flash classification, (c) spatial-frequency tuning, (d) white-noise
/// STA, (e) speed. The model's cell i is compared with LN cell i, so the model must have the LN retina's 90 cells
/// (a model trained on a `vist-train synth` dataset). The LN retina itself scores perfectly, which checks the
/// scorecard: its sweeps recover its own parameters, and its movie r is the noise ceiling.
/// </summary>
public sealed class RetinaScorecard(ScorecardOptions options, Func<int, IRetina> openRetina, ModelIdentity identity, Action<string>? log = null)
{
    public const string FlashSweep = "flash_classification", SpatialFrequencySweep = "spatial_frequency", StaSweep = "white_noise_sta";
    readonly IReadOnlyList<LnCell> _truth = LnMosaic.Cells;

    /// <param name="outDir">where the sweeps' folders and the plots go</param>
    public ScorecardResult Run(string outDir)
    {
        options.Validate();
        Directory.CreateDirectory(outDir);
        string name;
        using (var probe = openRetina(1))
        {
            if (probe.Cells.Count != _truth.Count)
                throw new InvalidDataException($"model '{probe.Name}' has {probe.Cells.Count} cells; the scorecard compares a model's cells one by one " +
                    $"with the LN retina's {_truth.Count} (train on a `vist-train synth` dataset to get them)");
            name = probe.Name;
        }
        using var renderer = new HeadlessRenderer();
        var movies = new List<OneMovieScore>();
        var modelTime = TimeSpan.Zero;
        for (int k = 0; k < options.Movies; k++)
        {
            log?.Invoke($"unseen naturalistic movie {k + 1} of {options.Movies}");
            var (one, elapsed) = ScoreMovie(renderer, options.MovieSeed + k, options.PoissonSeed + (ulong)k);
            movies.Add(one);
            modelTime += elapsed;
        }
        var movie = new MovieScore(movies);
        var speed = new SpeedScore(modelTime.TotalMilliseconds / movie.Frames);
        log?.Invoke("flash classification");
        var flashRows = RunSweep(FlashSweep, null, renderer, outDir);
        log?.Invoke("spatial frequency");
        var sfRows = RunSweep(SpatialFrequencySweep, null, renderer, outDir);
        log?.Invoke("white-noise STA");
        var staRows = RunSweep(StaSweep, root => root["grid"] = new JsonObject
        {
            ["seed"] = new JsonArray(Enumerable.Range(0, 16).Select(k => (JsonNode)JsonValue.Create(options.NoiseSeed + k)).ToArray()),
        }, renderer, outDir);
        var result = new ScorecardResult(name, options, _truth.Select(c => c.TypeLabel).ToList(), movie, ScoreFlash(flashRows), ScoreSpatialFrequency(sfRows), ScoreSta(staRows), speed);
        if (options.Plots) ScorecardPlot.Write(Path.Combine(outDir, "scorecard.png"), result);
        File.WriteAllText(Path.Combine(outDir, "scorecard.json"), result.ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        return result;
    }

    /// <summary>One movie through the LN retina (trials) and through the model (one stream from rest, timed).</summary>
    (OneMovieScore, TimeSpan ModelTime) ScoreMovie(HeadlessRenderer renderer, long movieSeed, ulong poissonSeed)
    {
        var scene = SceneJson.Load(options.NaturalisticScene).WithSeed(movieSeed);
        int frames = (int)Math.Round(options.MovieSeconds * FrameSpec.FrameRate), n = _truth.Count;
        var pixels = new byte[(long)frames * FrameSpec.Pixels];
        renderer.Prepare(scene);
        for (int i = 0; i < frames; i += 60)
            renderer.RenderFrames(scene, i, Math.Min(60, frames - i), pixels.AsSpan(i * FrameSpec.Pixels, Math.Min(60, frames - i) * FrameSpec.Pixels));
        var ln = LnSimulation.Simulate(pixels, options.Trials, poissonSeed, _truth);

        var trials = new double[n][][];
        var trialMean = new double[n][];
        var noiseFree = new double[n][];
        for (int c = 0; c < n; c++)
        {
            trials[c] = new double[options.Trials][];
            for (int r = 0; r < options.Trials; r++)
                trials[c][r] = Enumerable.Range(0, frames).Select(t => (double)ln.Trials[((long)r * frames + t) * n + c]).ToArray();
            trialMean[c] = Enumerable.Range(0, frames).Select(t => trials[c].Average(tr => tr[t])).ToArray();
            noiseFree[c] = Enumerable.Range(0, frames).Select(t => (double)ln.Rates[t * n + c]).ToArray();
        }

        var prediction = Enumerable.Range(0, n).Select(_ => new double[frames]).ToArray();
        var rates = new float[n];
        var clock = new Stopwatch();
        using (var retina = openRetina(1))
        {
            retina.Reset();
            for (int t = 0; t < frames; t++)
            {
                var frame = pixels.AsSpan(t * FrameSpec.Pixels, FrameSpec.Pixels);
                clock.Start();
                retina.Step(frame, rates);
                clock.Stop();
                for (int c = 0; c < n; c++) prediction[c][t] = rates[c];
            }
        }
        var correlation = Pearson.PerNeuron(prediction, trialMean);
        var ceiling = NoiseCeiling.Compute(prediction, trials);
        var movie = new OneMovieScore(movieSeed, poissonSeed, frames, correlation.Mean, correlation.MeanAbs, ceiling.CcNorm.Mean,
            Pearson.PerNeuron(noiseFree, trialMean).Mean, correlation.PerNeuron);
        return (movie, clock.Elapsed);
    }

    /// <summary>Runs one of the ready sweeps (optionally edited) through the model into OUT/NAME and returns its
    /// rows by analysis. Finished conditions in that folder are reused (same sweep and model only).</summary>
    IReadOnlyList<AnalysisRow> RunSweep(string sweep, Action<JsonObject>? edit, HeadlessRenderer renderer, string outDir)
    {
        string path = Path.Combine(options.SweepsDir, sweep + ".json");
        var root = SweepSpec.ReadObject(path);
        edit?.Invoke(root);
        var spec = SweepSpec.Parse(root, path, options.SweepsDir);
        var analyses = AnalysisCatalog.CreateAll(spec);
        int runs = spec.Conditions.Count * spec.Repeats;
        using var retina = openRetina(Math.Min(options.Batch, runs));
        Func<JsonObject, IFrameSource> openScene = s => new SceneFrameSource(SceneJson.Parse(s.ToJsonString(), "scorecard scene"), renderer);
        string dir = Path.Combine(outDir, sweep);
        var store = SweepStore.Create(dir, spec, SweepManifest.For(spec, identity, retina.Cells, 0, 1), resume: true);
        new SweepRunner(spec, openScene, retina).Run(store, Enumerable.Range(0, spec.Conditions.Count).ToList());
        var results = SweepFinalizer.Finish(store, spec, analyses, openScene, options.Plots);
        return results.SelectMany(a => a.Rows).ToList();
    }

    static Dictionary<int, double> Values(IReadOnlyList<AnalysisRow> rows, string measure) =>
        rows.Where(r => r.Measure == measure).ToDictionary(r => r.Cell, r => r.Value);

    FlashScore ScoreFlash(IReadOnlyList<AnalysisRow> rows)
    {
        var labels = rows.Where(r => r.Measure == "cell_type").ToDictionary(r => r.Cell, r => r.Label ?? "");
        string Label(int c) => labels.GetValueOrDefault(c, "unresponsive");
        return new FlashScore(
            _truth.Select((t, c) => CellTypeClassifier.Agrees(Label(c), t.Polarity > 0 ? "ON" : "OFF") == true).ToArray(),
            _truth.Select((t, c) => CellTypeClassifier.Agrees(Label(c), t.TypeLabel) == true).ToArray());
    }

    SpatialFrequencyScore ScoreSpatialFrequency(IReadOnlyList<AnalysisRow> rows)
    {
        var preferred = Values(rows, "preferred_cycles_per_px");
        return new SpatialFrequencyScore(_truth.Select((t, c) => preferred.TryGetValue(c, out double p) ? p / t.PreferredSpatialFrequency : double.NaN).ToArray());
    }

    StaScore ScoreSta(IReadOnlyList<AnalysisRow> rows)
    {
        var x = Values(rows, "center_x_px");
        var y = Values(rows, "center_y_px");
        var polarity = Values(rows, "polarity");
        double Distance(int c, LnCell t) => x.TryGetValue(c, out double cx) && y.TryGetValue(c, out double cy)
            ? Math.Sqrt((cx - t.CenterX) * (cx - t.CenterX) + (cy - t.CenterY) * (cy - t.CenterY)) : double.NaN;
        return new StaScore(
            _truth.Select((t, c) => Distance(c, t)).ToArray(),
            _truth.Select((t, c) => polarity.TryGetValue(c, out double p) && Math.Sign(p) == t.Polarity).ToArray());
    }
}
