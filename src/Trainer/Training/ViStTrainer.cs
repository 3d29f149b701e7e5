using System.Diagnostics;
using Spectre.Console;
using TorchSharp;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Metrics;
using ViST.Trainer.Loss;
using ViST.Trainer.Model;
using ViST.Trainer.Torch;
using static TorchSharp.torch;

namespace ViST.Trainer.Training;

/// <summary>
/// Fits Vi-ST to a dataset with the authors' recipe (TrainOptions): per epoch, StepsPerEpoch AdamW steps on random
/// windows with the Vi-ST loss, then validation on the held-out sequences run whole through the causal network
/// (as upstream: mean |r| logged as val_corr); SWA snapshots from SwaStart on, and at the end the averaged weights
/// with recomputed BatchNorm statistics, validated once more ("swa" row). Checkpoints after every epoch; a resumed
/// run continues the same run (same windows, same dropout draws, same learning rates).
/// </summary>
public sealed class ViStTrainer
{
    readonly TrainingData _data;
    readonly TrainOptions _o;
    readonly TrainingRun _run;
    readonly Device _device;

    public ViStTrainer(TrainingData data, TrainOptions options, TrainingRun run)
    {
        options.Validate();
        _data = data; _o = options; _run = run;
        TorchRuntime.Start(options.Threads);
        _device = options.Device switch
        {
            "cpu" => CPU,
            "cuda" => cuda.is_available() ? CUDA : throw new ArgumentException("--device cuda: TorchSharp finds no CUDA device"),
            _ => TorchRuntime.PreferredDevice(),
        };
    }

    public ViStConfig NetworkConfig => _o.NetworkConfig(_data.FeatureDim, _data.Cells, _data.Grid);

    /// <summary>Runs (or resumes) the training; returns the last validation row. With <paramref name="stopAfterEpoch"/>
    /// it stops after that 0-based epoch (checkpointed), to be resumed later; the final weights are written only
    /// when every epoch has run.</summary>
    public EpochRecord Run(bool resume, int? stopAfterEpoch = null)
    {
        manual_seed(_o.Seed);
        using var model = new ViStNetwork(NetworkConfig);
        model.to(_device);
        using var optimizer = optim.AdamW(model.parameters(), lr: _o.Lr, weight_decay: _o.WeightDecay);
        using var swa = new SwaAverager();
        var schedule = _o.Schedule();
        var sampler = new WindowSampler(_data.TrainSegmentLengths, _o.Window, _o.BatchSize, _o.StepsPerEpoch, _o.Seed);

        int first = 0;
        if (resume && Directory.Exists(_run.CheckpointDir))
        {
            first = Checkpoint.Load(_run.CheckpointDir, model, optimizer, swa, _device) + 1;
            if (first >= _o.Epochs) throw new ArgumentException($"{_run.Directory}: the run has already finished its {_o.Epochs} epochs");
            TrainingLog.TruncateAfter(_run.LogFile, first - 1);
            AnsiConsole.MarkupLine($"[grey]resuming after epoch {first - 1}[/]");
        }
        else
        {
            if (_o.InitWeights is { } init) InitialWeights.LoadInto(model, init);
            if (File.Exists(_run.LogFile)) File.Delete(_run.LogFile);
            _run.WriteRunInfo(new RunInfo(_data.Dataset.Directory, _o, _o.VideoLayers, _o.VideoDim, _data.FeatureDim,
                _data.Cells, _data.Grid, DateTime.UtcNow.ToString("O"), ProgramInfo.Describe(), ProgramInfo.PortableCommandLine()));
        }
        AnsiConsole.MarkupLine($"[grey]{NetworkConfig} ({model.ParameterCount():N0} parameters) on {_device.type}; " +
            $"{sampler.WindowCount} training windows, {sampler.BatchesPerEpoch} steps/epoch of {_o.BatchSize}x{_o.Window}[/]");

        EpochRecord? last = null;
        AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: (_o.Epochs - first) * sampler.BatchesPerEpoch + 1);
                int end = Math.Min(_o.Epochs, (stopAfterEpoch ?? int.MaxValue - 1) + 1);
                for (int epoch = first; epoch < end; epoch++)
                {
                    var sw = Stopwatch.StartNew();
                    if (schedule.SwaFirstEpoch is int s && epoch >= s) swa.Update(model);
                    double lr = schedule.At(epoch);
                    foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
                    manual_seed(_o.Seed * 100_003L + epoch);             // dropout draws depend only on (seed, epoch)
                    var (trainLoss, trainCorr) = TrainEpoch(model, optimizer, sampler, epoch, task, ctx);
                    var (valLoss, val) = Validate(model);
                    last = new EpochRecord(epoch, lr, trainLoss, trainCorr, valLoss, val.MeanAbs, val.Mean, sw.Elapsed.TotalSeconds);
                    TrainingLog.Append(_run.LogFile, last);
                    Checkpoint.Save(_run.CheckpointDir, model, optimizer, swa, epoch);
                    task.Description = $"epoch {epoch + 1}/{_o.Epochs}: loss {trainLoss:F3}, val corr {val.MeanAbs:F3}";
                }
                if (end < _o.Epochs) return;
                if (swa.Count > 0)
                {
                    task.Description = "SWA: averaged weights, BatchNorm recompute";
                    last = FinishSwa(model, swa, sampler);
                    TrainingLog.Append(_run.LogFile, last);
                }
                task.Increment(1);
            });
        if (last == null) throw new InvalidOperationException("no epoch was run");
        if (stopAfterEpoch is int stop && stop + 1 < _o.Epochs) return last;
        ViStWeights.Save(model, _run.FinalWeights, new Dictionary<string, string>
        {
            ["config"] = NetworkConfig.ToString(),
            ["val_corr"] = last.ValCorr.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
        });
        return last;
    }

    (double loss, double corr) TrainEpoch(ViStNetwork model, optim.Optimizer optimizer, WindowSampler sampler, int epoch,
        ProgressTask task, ProgressContext ctx)
    {
        model.train();
        double lossSum = 0, corrSum = 0; int steps = 0;
        foreach (var batch in sampler.Epoch(epoch))
        {
            using var scope = NewDisposeScope();
            var x = _data.Features(batch).to(_device);
            var y = _data.Targets(batch).to(_device);
            var yhat = model.forward(x, _data.Masks(batch.Length).to(_device));
            var loss = _o.Loss == "rmse" ? ViSTLoss.RmseOnly(yhat, y) : ViSTLoss.Compute(yhat, y);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            lossSum += loss.item<float>();
            corrSum += BatchCorrelation(yhat, y);
            steps++;
            task.Increment(1);
            ctx.Refresh();
        }
        return (lossSum / steps, corrSum / steps);
    }

    /// <summary>Upstream's train/corr: mean |r| per neuron over the batch concatenated in time.</summary>
    static double BatchCorrelation(Tensor yhat, Tensor y)
    {
        using var _ = no_grad();
        var p = ToSeries(yhat.detach().permute(1, 0, 2));                 // [N, B, T]
        var t = ToSeries(y.permute(2, 0, 1));                             // [N, B, T]
        return Pearson.PerNeuron(p, t).MeanAbs;
    }

    /// <summary>[N, ...] tensor to [neuron][everything else, flattened] doubles.</summary>
    internal static double[][] ToSeries(Tensor t)
    {
        int n = (int)t.shape[0];
        var flat = t.reshape(n, -1).cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        int len = flat.Length / n;
        return Enumerable.Range(0, n).Select(i => flat.AsSpan(i * len, len).ToArray()).ToArray();
    }

    /// <summary>The held-out ranges run whole through the network; val loss averaged over ranges, CC over all of
    /// them concatenated in time (as upstream concatenates its two test halves).</summary>
    public (double loss, CorrelationSummary corr) Validate(ViStNetwork model)
    {
        var (pred, target, loss) = Predict(model, _data, _device);
        return (loss, Pearson.PerNeuron(pred, target));
    }

    /// <summary>Output frames per forward pass when a held-out sequence is predicted in pieces.</summary>
    const int PredictChunk = 384;

    /// <summary>Predictions and targets over the test ranges as [neuron][time], and the mean Vi-ST loss (whatever the
    /// training objective, so that variants compare).</summary>
    public static (double[][] pred, double[][] target, double loss) Predict(ViStNetwork model, TrainingData data, Device device)
    {
        model.eval();
        using var _ = no_grad();
        var preds = new List<double[][]>(); var targets = new List<double[][]>();
        double lossSum = 0;
        foreach (var r in data.Split.Test)
        {
            using var scope = NewDisposeScope();
            var yhat = PredictSequence(model, data, r, device);                                       // [1, N, T]
            var target = data.SequenceTargets(r);
            var y = tensor(Transpose(target), new long[] { 1, r.Count, data.Cells }).to(device);
            lossSum += ViSTLoss.Compute(yhat, y).item<float>();
            preds.Add(ToSeries(yhat[0]));
            targets.Add(target);
        }
        return (Concat(preds), Concat(targets), lossSum / Math.Max(1, data.Split.Test.Count));
    }

    /// <summary>One held-out range through the network in evaluation mode, as if whole. A causal network's output
    /// at t depends only on frames [t - reach, t], so the range goes through in pieces of <see cref="PredictChunk"/>
    /// outputs, each fed with the reach of frames before it, and the pieces' outputs equal the whole run's (up to
    /// float summation order): memory stays that of a piece, not of the movie (13 GB for 1,800 frames whole).
    /// Non-causal ablations see the whole range at once.</summary>
    static Tensor PredictSequence(ViStNetwork model, TrainingData data, FrameRange r, Device device)
    {
        var masks = data.Masks(1).to(device);
        if (model.Config.CausalReach is not int reach || r.Count <= PredictChunk + reach)
            return model.forward(data.SequenceFeatures(r.Start, r.Count).to(device), masks);
        var pieces = new List<Tensor>();
        for (int s = 0; s < r.Count; s += PredictChunk)
        {
            int context = Math.Min(s, reach), count = Math.Min(PredictChunk, r.Count - s);
            var y = model.forward(data.SequenceFeatures(r.Start + s - context, context + count).to(device), masks);
            pieces.Add(y[.., .., context..]);
        }
        return cat(pieces, 2);
    }

    static float[] Transpose(double[][] series)              // [N][T] -> [T, N] row-major
    {
        int n = series.Length, t = series[0].Length;
        var o = new float[n * t];
        for (int i = 0; i < n; i++) for (int k = 0; k < t; k++) o[k * n + i] = (float)series[i][k];
        return o;
    }

    static double[][] Concat(List<double[][]> parts) =>
        Enumerable.Range(0, parts[0].Length).Select(c => parts.SelectMany(p => p[c]).ToArray()).ToArray();

    EpochRecord FinishSwa(ViStNetwork model, SwaAverager swa, WindowSampler sampler)
    {
        var sw = Stopwatch.StartNew();
        swa.CopyInto(model);
        var restore = SwaAverager.PrepareBatchNormRecompute(model);
        model.train();                                             // as Lightning: a forward-only training epoch
        using (no_grad())
        {
            manual_seed(_o.Seed * 100_003L + _o.Epochs);
            foreach (var batch in sampler.Epoch(_o.Epochs))
            {
                using var scope = NewDisposeScope();
                model.forward(_data.Features(batch).to(_device), _data.Masks(batch.Length).to(_device));
            }
        }
        restore();
        var (valLoss, val) = Validate(model);
        return new EpochRecord(_o.Epochs, _o.SwaLr, double.NaN, double.NaN, valLoss, val.MeanAbs, val.Mean,
            sw.Elapsed.TotalSeconds, $"swa over {swa.Count} epochs");
    }
}
