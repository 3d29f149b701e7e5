using System.CommandLine;
using ViST.Cli;
using ViST.RetinaModel.IO;

namespace ViST.Trainer.Commands;

/// <summary>`vist-train inspect FILE...`: shapes, dtypes and summary statistics of .npy / .safetensors files.</summary>
public static class ArraysCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = ".npy or .safetensors files", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("inspect", "Print shape, dtype, min/mean/max of every array in .npy or .safetensors files.");
        cmd.Arguments.Add(files);
        cmd.SetAction(pr =>
        {
            foreach (var f in pr.GetValue(files)!)
            {
                if (f.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                    foreach (var (name, a) in SafeTensors.Read(f).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                        Console.WriteLine($"{f}:{name} {Describe(a)}");
                else Console.WriteLine($"{f} {Describe(Npy.Read(f))}");
            }
            return 0;
        });
        return cmd;
    }

    static string Describe(NdArray a)
    {
        var v = a.ToFloat64();
        if (v.Length == 0) return $"{a.DType} {a.ShapeText} (empty)";
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0; long nan = 0;
        foreach (var x in v) { if (double.IsNaN(x)) { nan++; continue; } min = Math.Min(min, x); max = Math.Max(max, x); sum += x; }
        return $"{a.DType} {a.ShapeText} min {min:G6} mean {sum / Math.Max(1, v.Length - nan):G6} max {max:G6}" + (nan > 0 ? $" NaN {nan}" : "");
    }
}
