using System.CommandLine;
using System.Text.Json;
using TorchSharp;
using ViST.Cli;
using ViST.RetinaModel.IO;
using ViST.Trainer.Loss;
using static TorchSharp.torch;

namespace ViST.Trainer.Commands;

/// <summary>
/// `vist-train loss --pred P.npy --target T.npy [--grad-out G.npy]`: the Vi-ST training loss of one prediction,
/// term by term, and optionally its gradient with respect to the prediction.
/// </summary>
public static class LossCommand
{
    public static Command Create()
    {
        var pred = CliRunner.Required<FileInfo>("--pred", "prediction .npy [B, cells, T] (model output layout) or [cells, T]");
        var target = CliRunner.Required<FileInfo>("--target", "target .npy [B, T, cells] (upstream target layout) or [T, cells]");
        var gradOut = CliRunner.Optional<FileInfo>("--grad-out", "write d loss / d pred here (.npy, the shape and dtype of --pred)");
        var libtorch = LibTorchOption.Create();
        var cmd = new Command("loss", "The Vi-ST loss (0.1 RMSE + 0.5 mean ReLU(-pred) + 5e-6 (soft-DTW T/20 + T/10)) of a prediction; prints JSON.")
        {
            pred, target, gradOut, libtorch,
        };
        cmd.SetAction(pr =>
        {
            LibTorchOption.Start(pr, libtorch);
            using var scope = NewDisposeScope();
            var predFile = pr.GetValue(pred)!;
            var targetFile = pr.GetValue(target)!;
            var predArray = Npy.Read(predFile.FullName);
            var yhat = ToTensor(predArray, predFile.Name).requires_grad_();
            var y = ToTensor(Npy.Read(targetFile.FullName), targetFile.Name);
            if (yhat.dim() == 2) { yhat = yhat.unsqueeze(0).detach().requires_grad_(); y = y.unsqueeze(0); }
            if (y.dim() != yhat.dim() || y.shape[0] != yhat.shape[0] || y.shape[1] != yhat.shape[2] || y.shape[2] != yhat.shape[1])
                throw new InvalidDataException($"{targetFile.Name}: shape [{string.Join(",", y.shape)}] does not match --pred's " +
                    $"[{string.Join(",", yhat.shape)}]; the target is [B, T, cells] for a prediction [B, cells, T]");
            if (y.dtype != yhat.dtype) y = y.to(yhat.dtype);

            var terms = ViSTLoss.Terms(yhat, y);
            if (pr.GetValue(gradOut) is { } gradFile)
            {
                terms.Loss.backward();
                var grad = yhat.grad!.reshape(predArray.Shape).contiguous();
                Npy.Write(gradFile.FullName, predArray.DType == DType.Float64
                    ? NdArray.Of(grad.data<double>().ToArray(), predArray.Shape)
                    : NdArray.Of(grad.to(ScalarType.Float32).data<float>().ToArray(), predArray.Shape));
            }
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double?>
            {
                ["loss"] = Value(terms.Loss), ["rmse"] = Value(terms.Rmse), ["negrelu"] = Value(terms.NegRelu),
                ["sdtw_short"] = Value(terms.SdtwShort), ["sdtw_long"] = Value(terms.SdtwLong),
            }));
            return 0;
        });
        return cmd;
    }

    /// <summary>float64 arrays stay float64; everything else is computed in float32, as the authors train.</summary>
    static Tensor ToTensor(NdArray a, string name)
    {
        if (a.Rank is not (2 or 3)) throw new InvalidDataException($"{name}: expected a 2-D or 3-D array, got {a.ShapeText}");
        if (a.Length == 0) throw new InvalidDataException($"{name}: empty array {a.ShapeText}");
        var t = a.DType == DType.Float64 ? torch.tensor(a.ToFloat64(), a.Shape) : torch.tensor(a.ToFloat32(), a.Shape);
        if (!torch.isfinite(t).all().item<bool>())
            throw new InvalidDataException($"{name}: contains NaN or infinite values; the loss needs finite values");
        return t;
    }

    /// <summary>A term's value, or null when it was left out or is not finite (JSON has no NaN).</summary>
    static double? Value(Tensor? t)
    {
        if (t is null) return null;
        double v = t.to(ScalarType.Float64).item<double>();
        return double.IsFinite(v) ? v : null;
    }
}
