using TorchSharp;
using ViST.Trainer.Loss;
using ViST.Trainer.Model;
using static TorchSharp.torch;

namespace ViST.Trainer.Training;

/// <summary>
/// One optimizer step of Vi-ST training, as the training loop and `vist-train bench step` take it: the forward pass
/// in the run's precision (<see cref="TrainingPrecision"/>), the loss on the float32 prediction, backward, AdamW.
/// The loss stays on the training device except its soft-DTW terms, which run in float64 on the CPU (their inputs,
/// the loss windows of prediction and target, go to the host, and their gradients come back; everything else,
/// RMSE, the negative-rate penalty and the windowing, runs where the network does).
/// </summary>
public sealed class TrainingStep
{
    readonly string _precision, _loss;
    readonly Device _device;
    readonly Tensor? _cellWeights;

    /// <summary>Also sets libtorch's TF32 switches for <paramref name="precision"/> (process-wide, CUDA only).
    /// The "vist-balanced" loss needs <paramref name="cellWeights"/> (<see cref="CellBalance"/>).</summary>
    public TrainingStep(string precision, string loss, Device device, float[]? cellWeights = null)
    {
        if (!TrainingPrecision.IsValid(precision)) throw new ArgumentException($"precision must be {string.Join(", ", TrainingPrecision.Names)}, got '{precision}'");
        if (loss == "vist-balanced" && cellWeights is null) throw new ArgumentException("the vist-balanced loss needs the cells' weights");
        _precision = precision; _loss = loss; _device = device;
        if (loss == "vist-balanced") _cellWeights = tensor(cellWeights!).to(device).DetachFromDisposeScope();
        TrainingPrecision.ApplyBackendSettings(precision, device);
    }

    /// <summary>Runs one step on a batch already on the device; returns the loss and the float32 prediction.</summary>
    public (Tensor Loss, Tensor Prediction) Run(ViStNetwork model, optim.Optimizer optimizer, Tensor x, Tensor masks, Tensor y)
    {
        Tensor yhat;
        using (TrainingPrecision.ForwardScope(_precision, _device))
            yhat = model.forward(x, masks).to(ScalarType.Float32);
        var loss = _loss switch
        {
            "rmse" => ViSTLoss.RmseOnly(yhat, y),
            "vist-balanced" => ViSTLoss.Balanced(yhat, y, _cellWeights!),
            _ => ViSTLoss.Compute(yhat, y),
        };
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return (loss, yhat);
    }
}
