using System.Diagnostics;
using Spectre.Console;
using TorchSharp;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Metrics;
using ViST.Trainer.Model;
using ViST.Trainer.Torch;
using static TorchSharp.torch;

namespace ViST.Trainer.Training;

/// <summary>
/// The training loop. Fits Vi-ST to a dataset with the authors' recipe (TrainOptions): per epoch, StepsPerEpoch AdamW steps on random
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
    readonly TrainingStep _step;

    public ViStTrainer(TrainingData data, TrainOptions options, TrainingRun run)
    {
        options.Validate();
        _data = options.TrainFraction is { } f ? data.WithTrainFraction(f) : data;
        _o = options; _run = run;
        TorchRuntime.Start(options.Threads);
        _device = TorchRuntime.DeviceFor(options.Device);
        _step = new TrainingStep(options.Precision, options.Loss, _device, options.Loss == "vist-balanced" ? BalancedCellWeights() : null);
    }

    float[] BalancedCellWeights()
    {
        var spreads = CellBalance.Spreads(_data);
        var weights = CellBalance.Weights(spreads);
        AnsiConsole.MarkupLine($"[grey]loss vist-balanced: rate spreads {spreads.Min():F2}-{spreads.Max():F2} spikes/s, " +
            $"cell weights {weights.Min():F2}-{weights.Max():F2}[/]");
        return weights;
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
        if (resume && Checkpoint.Exists(_run.CheckpointDir))
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
        Console.WriteLine($"runs on: {TorchRuntime.Describe(_device)}; {TrainingPrecision.Describe(_o.Precision, _device)}");
        AnsiConsole.MarkupLine($"[grey]{NetworkConfig} ({model.ParameterCount():N0} parameters) on {_device.type}; " +
            $"{sampler.WindowCount} training windows, {sampler.BatchesPerEpoch} steps/epoch of {_o.BatchSize}x{_o.Window}[/]");

        EpochRecord? last = null;
        void DrawCurve() => TrainingCurve.Write(_run.CurveFile, TrainingLog.Read(_run.LogFile), sampler.BatchesPerEpoch, Path.GetFileName(_run.Directory));
        TrainingProgress.Run((_o.Epochs - first) * sampler.BatchesPerEpoch, sampler.BatchesPerEpoch, _o.Epochs, progress =>
        {
            int end = Math.Min(_o.Epochs, (stopAfterEpoch ?? int.MaxValue - 1) + 1);
            for (int epoch = first; epoch < end; epoch++)
            {
                var sw = Stopwatch.StartNew();
                if (schedule.SwaFirstEpoch is int s && epoch >= s) swa.Update(model);
                double lr = schedule.At(epoch);
                foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
                manual_seed(_o.Seed * 100_003L + epoch);             // dropout draws depend only on (seed, epoch)
                var (trainLoss, trainCorr) = TrainEpoch(model, optimizer, sampler, epoch, progress);
                var (valLoss, val) = Validate(model);
                last = new EpochRecord(epoch, lr, trainLoss, trainCorr, valLoss, val.MeanAbs, val.Mean, sw.Elapsed.TotalSeconds);
                TrainingLog.Append(_run.LogFile, last);
                DrawCurve();
                Checkpoint.Save(_run.CheckpointDir, model, optimizer, swa, epoch);
                progress.Epoch(last);
            }
            if (end < _o.Epochs) return;
            if (swa.Count > 0)
            {
                progress.Note("SWA: averaged weights, BatchNorm recompute");
                last = FinishSwa(model, swa, sampler);
                TrainingLog.Append(_run.LogFile, last);
                DrawCurve();
                progress.Note($"SWA over {swa.Count} epochs: val corr {last.ValCorr:F3} (signed {last.ValCorrSigned:F3})");
            }
            progress.Finish();
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
        TrainingProgress progress)
    {
        model.train();
        double lossSum = 0, corrSum = 0; int steps = 0;
        foreach (var batch in sampler.Epoch(epoch))
        {
            using var scope = NewDisposeScope();
            var y = _data.Targets(batch).to(_device);
            var (loss, yhat) = _step.Run(model, optimizer, _data.Features(batch).to(_device), _data.Masks(batch.Length).to(_device), y);
            float value = loss.item<float>();
            lossSum += value;
            corrSum += BatchCorrelation(yhat, y);
            progress.Step(epoch, steps++, value);
        }
        return (lossSum / steps, corrSum / steps);
    }

    /// <summary>Upstream's train/corr: mean |r| per neuron over the batch concatenated in time.</summary>
    static double BatchCorrelation(Tensor yhat, Tensor y)
    {
        using var _ = no_grad();
        var p = HeldOutPrediction.ToSeries(yhat.detach().permute(1, 0, 2));     // [N, B, T]
        var t = HeldOutPrediction.ToSeries(y.permute(2, 0, 1));                 // [N, B, T]
        return Pearson.PerNeuron(p, t).MeanAbs;
    }

    /// <summary>The held-out ranges through the network (see <see cref="HeldOutPrediction"/>); val loss averaged over ranges, CC over all of
    /// them concatenated in time (as upstream concatenates its two test halves).</summary>
    public (double loss, CorrelationSummary corr) Validate(ViStNetwork model)
    {
        var (pred, target, loss) = HeldOutPrediction.Predict(model, _data, _device);
        return (loss, Pearson.PerNeuron(pred, target));
    }

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
