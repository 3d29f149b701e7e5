using System.CommandLine;
using TorchSharp;
using ViST.Cli;
using ViST.RetinaModel.IO;
using ViST.Trainer.Model;
using static TorchSharp.torch;

namespace ViST.Trainer.Commands;

/// <summary>`vist-train forward`: runs a Vi-ST network (eval mode) on patch features and receptive-field masks.</summary>
public static class ForwardCommand
{
    public static Command Create()
    {
        var weights = CliRunner.Required<string>("--weights", "Vi-ST weights (.safetensors, upstream state_dict keys); the size is read off the shapes");
        var x = CliRunner.Required<string>("--x", "patch features .npy [B, T, grids², input_dim]");
        var rf = CliRunner.Required<string>("--rf", "receptive-field masks .npy [B, cells, grids, grids]");
        var output = CliRunner.Required<string>("--out", "where to write the predicted rates .npy [B, cells, T] float32");
        var libtorch = LibTorchOption.Create();
        var cmd = new Command("forward", "Predict firing rates with a Vi-ST network (eval mode: BatchNorm running stats, no dropout).");
        foreach (var o in new Option[] { weights, x, rf, output, libtorch }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            LibTorchOption.Start(pr, libtorch);
            Run(pr.GetValue(weights)!, pr.GetValue(x)!, pr.GetValue(rf)!, pr.GetValue(output)!);
            return 0;
        });
        return cmd;
    }

    static void Run(string weightsPath, string xPath, string rfPath, string outPath)
    {
        using var net = ViStWeights.Load(weightsPath);
        var c = net.Config;
        var xs = Npy.Read(xPath).RequireShape($"{xPath} (--x, patch features [B, T, grids², input_dim] for {c})", -1, -1, c.Patches, c.InputDim);
        long b = xs.Shape[0], t = xs.Shape[1];
        var rfs = Npy.Read(rfPath).RequireShape($"{rfPath} (--rf, receptive fields [B, cells, grids, grids] with B from --x)", b, c.Cells, c.Grids, c.Grids);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var y = net.forward(tensor(xs.ToFloat32(), xs.Shape), tensor(rfs.ToFloat32(), rfs.Shape));
        Npy.Write(outPath, y.contiguous().data<float>().ToArray(), b, c.Cells, t);
        Console.WriteLine($"{outPath}: y [{b},{c.Cells},{t}] from {weightsPath} ({c})");
    }
}
