using System.CommandLine;
using ViST.Cli;
using ViST.RetinaModel.IO;
using ViST.Tests;
using ViST.Trainer.Commands;
using static ViST.Trainer.Tests.ModelTestsData;

namespace ViST.Trainer.Tests;

/// <summary>`vist-train forward` in-process: golden agreement, and clear errors with exit code 2 on bad input.</summary>
public class ForwardCommandTests
{
    static readonly string SmallWeights = TestPaths.Golden("vist_small_weights.safetensors");
    static readonly string SmallX = TestPaths.Golden("vist_small_x.npy");
    static readonly string SmallRf = TestPaths.Golden("vist_small_rf.npy");

    [Fact]
    public void SmallGoldenThroughTheCommand()
    {
        string y = Path.Combine(TestPaths.TempDir(), "y.npy");
        Assert.Equal(0, Run("--weights", SmallWeights, "--x", SmallX, "--rf", SmallRf, "--out", y));
        var expected = Npy.Read(TestPaths.Golden("vist_small_y.npy"));
        var got = Npy.Read(y);
        Assert.Equal(DType.Float32, got.DType);
        Assert.Equal(expected.Shape, got.Shape);
        AssertMatchesGolden(expected.ToFloat32(), got.ToFloat32(), "vist_small via forward");
    }

    [Fact]
    public void FullGoldenThroughTheCommand()
    {
        var g = Golden("vist_full");
        string dir = TestPaths.TempDir();
        string x = Path.Combine(dir, "x.npy"), y = Path.Combine(dir, "y.npy");
        Npy.Write(x, FormulaX((int)g["B"]!, (int)g["T"]!, 256, 1024, (double)g["phase"]!));
        Assert.Equal(0, Run("--weights", TestPaths.Golden("vist_full_weights.safetensors"), "--x", x,
            "--rf", TestPaths.Golden("vist_full_rf.npy"), "--out", y));
        AssertMatchesGolden(Npy.Read(TestPaths.Golden("vist_full_y.npy")).ToFloat32(), Npy.Read(y).ToFloat32(), "vist_full via forward");
    }

    [Fact]
    public void WrongXShapeNamesFileAndShapes()
    {
        string x = Path.Combine(TestPaths.TempDir(), "x.npy");
        Npy.Write(x, new float[2 * 40 * 256 * 47], 2, 40, 256, 47);
        var message = Fails("--weights", SmallWeights, "--x", x, "--rf", SmallRf, "--out", x + ".y.npy");
        Assert.Contains(x, message);
        Assert.Contains("expected shape [*,*,256,48], got [2,40,256,47]", message);
    }

    [Fact]
    public void RfBatchMustMatchX()
    {
        string rf = Path.Combine(TestPaths.TempDir(), "rf.npy");
        Npy.Write(rf, new float[3 * 90 * 256], 3, 90, 16, 16);
        var message = Fails("--weights", SmallWeights, "--x", SmallX, "--rf", rf, "--out", rf + ".y.npy");
        Assert.Contains(rf, message);
        Assert.Contains("expected shape [2,90,16,16], got [3,90,16,16]", message);
    }

    [Fact]
    public void NonNpyInputIsRejected()
    {
        string x = Path.Combine(TestPaths.TempDir(), "x.npy");
        File.WriteAllText(x, "this is not an array");
        var message = Fails("--weights", SmallWeights, "--x", x, "--rf", SmallRf, "--out", x + ".y.npy");
        Assert.Contains(x, message);
        Assert.Contains("not a .npy file", message);
    }

    [Fact]
    public void WeightsWithAMissingKeyAreRejected()
    {
        var tensors = SafeTensors.Read(SmallWeights);
        tensors.Remove("stage1.layers.3.norm.running_var");
        string w = Path.Combine(TestPaths.TempDir(), "w.safetensors");
        SafeTensors.Write(w, tensors);
        var message = Fails("--weights", w, "--x", SmallX, "--rf", SmallRf, "--out", w + ".y.npy");
        Assert.Contains(w, message);
        Assert.Contains("missing keys: stage1.layers.3.norm.running_var", message);
    }

    [Fact]
    public void WeightsWithAnExtraKeyAreRejected()
    {
        var tensors = SafeTensors.Read(SmallWeights);
        tensors["head.weight"] = NdArray.Of(new float[4], 4);
        string w = Path.Combine(TestPaths.TempDir(), "w.safetensors");
        SafeTensors.Write(w, tensors);
        var message = Fails("--weights", w, "--x", SmallX, "--rf", SmallRf, "--out", w + ".y.npy");
        Assert.Contains("unexpected keys: head.weight", message);
    }

    static int Run(params string[] args) => CliRunner.Run(Root(), ["forward", .. args]);

    /// <summary>Runs the command expecting bad-input failure: exit code 2, and returns the error message.</summary>
    static string Fails(params string[] args)
    {
        Assert.Equal(CliRunner.BadInput, Run(args));
        var e = Assert.ThrowsAny<Exception>(() =>
            Root().Parse(["forward", .. args]).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        Assert.True(CliRunner.IsUserError(e), $"not reported as bad input: {e}");
        Assert.False(File.Exists(args[^1]), "no output on failure");
        return e.Message;
    }

    static RootCommand Root()
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(ForwardCommand.Create());
        return root;
    }
}
