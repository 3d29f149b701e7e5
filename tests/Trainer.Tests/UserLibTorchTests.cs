using ViST.Tests;

namespace ViST.Trainer.Tests;

/// <summary>
/// vist-train on a libtorch folder of the user's (VIST_LIBTORCH / --libtorch), each in its own vist-train process: the
/// user's libtorch must be loaded before TorchSharp starts, which this test process has long done. The working case
/// uses the NuGet cache's CPU libtorch (the files this build's packaged libtorch is linked to), the failing ones
/// folders that are missing, hold no libtorch, hold broken libraries, or would put a second libtorch in the process.
/// </summary>
public class UserLibTorchTests
{
    /// <summary>The libtorch-cpu-linux-x64 package version in Directory.Packages.props.</summary>
    const string PackagedVersion = "2.10.0";

    static string NuGetLibTorch
    {
        get
        {
            string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string dir = Path.Combine(root, "libtorch-cpu-linux-x64", PackagedVersion, "runtimes", "linux-x64", "native");
            Assert.True(File.Exists(Path.Combine(dir, "libtorch_cpu.so")), $"the restored libtorch-cpu package is not at {dir}");
            return dir;
        }
    }

    [Fact]
    public void TrainRunsOnTheNuGetCpuLibTorchAndSaysSo()
    {
        string dataset = TrainingPipelineTests.MakeDataset();
        string run = Path.Combine(TestPaths.TempDir(), "run");
        var (code, stdout, stderr) = VistTrainProcess(new() { ["VIST_LIBTORCH"] = NuGetLibTorch },
            "train", dataset, "--out", run, "--backbone", "test", "--epochs", "1", "--steps-per-epoch", "1", "--batch", "2",
            "--window", "48", "--video-layers", "2", "--video-dim", "4", "--swa-start", "0", "--device", "cpu", "--threads", "2");
        Assert.True(code == 0, stderr);
        string line = stdout.Split('\n').Single(l => l.StartsWith("runs on: "));
        Assert.Equal($"runs on: cpu (2 threads); libtorch {PackagedVersion} from {NuGetLibTorch} (VIST_LIBTORCH); " +
            "CUDA not available (a CPU-only libtorch); precision fp32", line);
        Assert.True(File.Exists(Path.Combine(run, "model.safetensors")));
    }

    [Fact]
    public void LibTorchOptionOverridesTheVariable()
    {
        var (code, stdout, stderr) = VistTrainProcess(new() { ["VIST_LIBTORCH"] = "/nonexistent/torch/lib" },
            "bench", "softdtw", "--libtorch", NuGetLibTorch, "--batch", "1", "--frames", "40", "--cells", "2", "--repeats", "1");
        Assert.True(code == 0, stderr);
        Assert.Contains($"libtorch {PackagedVersion} from {NuGetLibTorch} (--libtorch)", stdout);
    }

    [Fact]
    public void MissingFolderIsRefused()
    {
        string dir = Path.Combine(TestPaths.TempDir(), "torch", "lib");
        AssertRefused(VistTrainProcess(new(), "loss", "--pred", "p.npy", "--target", "t.npy", "--libtorch", dir),
            $"error: --libtorch {dir}: no such folder");
    }

    [Fact]
    public void FolderWithoutLibTorchIsRefused()
    {
        string dir = TestPaths.TempDir("not-libtorch");
        File.WriteAllText(Path.Combine(dir, "libc10.so"), "");
        AssertRefused(VistTrainProcess(new() { ["VIST_LIBTORCH"] = dir }, "bench", "softdtw"),
            $"error: VIST_LIBTORCH={dir}: not a libtorch folder (no libtorch_cpu.so, libtorch.so); give PyTorch's torch/lib folder");
    }

    [Fact]
    public void LibraryThatDoesNotLoadIsRefusedWithTheLoadersReason()
    {
        string dir = TestPaths.TempDir("broken-libtorch");
        foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
            File.WriteAllText(Path.Combine(dir, name), "not a shared library");
        AssertRefused(VistTrainProcess(new() { ["VIST_LIBTORCH"] = dir }, "bench", "softdtw"),
            $"error: VIST_LIBTORCH={dir}: libc10.so does not load: {dir}/libc10.so: ");
    }

    [Fact]
    public void SecondLibTorchBesideThePackagedOneIsRefused()
    {
        // The NuGet libtorch, except that libtorch.so is a copy: another file than the packaged libtorch.so this
        // build carries, which TorchSharp would load as well.
        string dir = TestPaths.TempDir("copied-libtorch");
        foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libgomp-98b21ff3.so.1" })
            File.CreateSymbolicLink(Path.Combine(dir, name), Path.Combine(NuGetLibTorch, name));
        File.Copy(Path.Combine(NuGetLibTorch, "libtorch.so"), Path.Combine(dir, "libtorch.so"));
        AssertRefused(VistTrainProcess(new() { ["VIST_LIBTORCH"] = dir }, "bench", "softdtw"),
            $"error: VIST_LIBTORCH={dir}: this vist-train carries its own libtorch (");
    }

    static void AssertRefused(ProgramOutput result, string expectedStart)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith(expectedStart, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));               // one line: no stack trace, no TorchSharp trace
        Assert.DoesNotContain("Exception", result.Stderr + result.Stdout);
    }

    /// <summary>Runs the vist-train built beside these tests with VIST_LIBTORCH only where <paramref name="environment"/> sets it.</summary>
    static ProgramOutput VistTrainProcess(Dictionary<string, string?> environment, params string[] args)
    {
        environment.TryAdd("VIST_LIBTORCH", null);
        return ProgramProcess.Run("vist-train", args, null, environment, timeoutSeconds: 600);
    }
}
