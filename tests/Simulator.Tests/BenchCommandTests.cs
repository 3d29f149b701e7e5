using System.Diagnostics;
using System.Text.Json;
using ViST.RetinaModel;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Bundles;
using ViST.RetinaModel.Head;
using ViST.RetinaModel.IO;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>`vist bench head|backbone` run as a user runs them: the last line is the JSON of figures; bad input
/// gives "error: ..." and exit code 2.</summary>
public class BenchCommandTests
{
    static (int Code, string Out, string Err) Vist(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vist.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["COLUMNS"] = "200";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, err);
    }

    [Fact]
    public void BenchHeadOnABundleEndsWithItsFigures()
    {
        var cfg = new HeadConfig(2, 8, 16, 4, 16, [[1, 3], [1, 3]]);
        string dir = Path.Combine(TestPaths.TempDir(), "tiny.vist");
        var cells = Enumerable.Range(0, 4).Select(i => new CellInfo(i, "unknown", 100, 100)).ToList();
        var spec = new BackboneSpec(BackboneSpec.GenericPreset, "none.onnx", null, BackboneSpec.TokensLayout, 16, 16, Preprocessing.ImageNet(224));
        ModelBundle.Write(dir, "tiny", HeadWeights.Random(cfg, 1), NdArray.Of(new float[4 * 256], 4, 16, 16), cells, spec,
            new Dictionary<string, string>(), new Dictionary<string, double>());

        var (code, stdout, stderr) = Vist("bench", "head", "--bundle", dir, "--steps", "10", "--repeats", "1");
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]).RootElement;
        foreach (var key in new[] { "step_ms", "window128_ms", "window192_ms", "speedup_window128" })
            Assert.True(json.GetProperty(key).GetDouble() > 0, key);
    }

    [Fact]
    public void BenchWithAMissingInputIsABadInputError()
    {
        string missing = Path.Combine(TestPaths.TempDir(), "nothing.vist");
        var (code, _, stderr) = Vist("bench", "head", "--bundle", missing);
        Assert.Equal(2, code);
        Assert.Contains("error:", stderr);
        Assert.Contains(missing, stderr);

        string onnx = Path.Combine(TestPaths.TempDir(), "absent.onnx");
        (code, _, stderr) = Vist("bench", "backbone", "--onnx", onnx, "--runs", "2");
        Assert.Equal(2, code);
        Assert.Contains(onnx, stderr);
    }
}
