using System.Diagnostics;
using ViST.RetinaModel.IO;
using ViST.Tests;

namespace ViST.Trainer.Tests.Processes;

/// <summary>
/// Where vist-train gets libtorch: the CPU build that comes with it, or VIST_LIBTORCH's folder (PyTorch's
/// torch/lib, for CUDA). Tested on a copy of the program (hard links) without its own libtorch_cpu.so: alone it
/// fails with one error line, with VIST_LIBTORCH naming a folder that has the library it runs, on that one.
/// </summary>
public class LibtorchTests
{
    static readonly string Native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    static string CopyWithoutLibtorch()
    {
        string copy = Path.Combine(TestPaths.TempDir(), "vist-train");
        using (var cp = Process.Start("cp", ["-al", AppContext.BaseDirectory.TrimEnd('/'), copy])) cp.WaitForExit();
        File.Delete(Path.Combine(copy, "runtimes", "linux-x64", "native", "libtorch_cpu.so"));
        return Path.Combine(copy, "vist-train");
    }

    /// <summary>`vist-train loss` on a tiny prediction: the smallest command that runs libtorch.</summary>
    static string[] Loss(string dir)
    {
        Npy.Write(Path.Combine(dir, "pred.npy"), new float[2 * 50], 2, 50);
        Npy.Write(Path.Combine(dir, "target.npy"), new float[50 * 2], 50, 2);
        return ["loss", "--pred", Path.Combine(dir, "pred.npy"), "--target", Path.Combine(dir, "target.npy")];
    }

    [Fact]
    public void Without_libtorch_it_is_one_error_line_and_VIST_LIBTORCH_supplies_another()
    {
        string program = CopyWithoutLibtorch(), dir = TestPaths.TempDir();
        ProgramProcess.Run(program, Loss(dir), dir).AssertOneErrorLine("libtorch", "libtorch_cpu.so", "VIST_LIBTORCH");
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(program)!, "cpu")),
            "TorchSharp's fallback copied libtorch out of the NuGet cache next to the program");

        string folder = Path.Combine(TestPaths.TempDir(), "torch-lib");
        Directory.CreateDirectory(folder);
        foreach (var f in Directory.GetFiles(Native, "lib*"))   // libtorch's libraries, as a libtorch/lib folder holds them
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(f)), f);
        var env = new Dictionary<string, string?> { ["VIST_LIBTORCH"] = folder };
        var output = ProgramProcess.Run(program, Loss(dir), dir, env);
        Assert.True(output.ExitCode == 0, output.ToString());
        Assert.Contains("\"loss\":", output.Stdout);

        env["VIST_LIBTORCH"] = Path.Combine(dir, "nowhere");
        ProgramProcess.Run(program, Loss(dir), dir, env).AssertOneErrorLine("VIST_LIBTORCH", "no such folder");
    }
}
