using ViST.Tests;

namespace ViST.Simulator.Tests.Processes;

/// <summary>`vist sweep` killed with SIGKILL part-way, then `--resume`d: it skips the conditions already saved and
/// ends with the same results, byte for byte, as a run that was never interrupted.</summary>
public class KilledSweepTests
{
    const int Conditions = 24;

    static string SweepFile(string dir)
    {
        string path = Path.Combine(dir, "contrast.json");
        var contrasts = string.Join(", ", Enumerable.Range(1, Conditions).Select(i => (i / (double)Conditions).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllText(path, $$"""
            {"name": "contrast",
             "scene": {"seed": 1, "background": 0.5, "layers": [
               {"type": "grating", "id": "g", "cycles_per_px": 0.02, "temporal_hz": 2, "contrast": 0.5}]},
             "grid": {"g.contrast": [{{contrasts}}]},
             "duration_s": 2, "warmup_s": 0.5,
             "analyses": [{"type": "contrast", "parameter": "g.contrast", "measure": "f1"}]}
            """);
        return path;
    }

    [Fact]
    public void A_sweep_killed_part_way_resumes_to_the_results_of_an_uninterrupted_run()
    {
        string dir = TestPaths.TempDir(), sweep = SweepFile(dir);
        string whole = Path.Combine(dir, "whole"), killed = Path.Combine(dir, "killed");
        string[] Args(string outDir, params string[] more) => ["sweep", sweep, "--model", "ln", "--batch", "1", "--no-plots", "--out", outDir, .. more];

        var uninterrupted = ProgramProcess.Run("vist", Args(whole), dir);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());

        string conditions = Path.Combine(killed, "conditions");
        int Saved() => Directory.Exists(conditions) ? Directory.GetFiles(conditions, "c*.npy").Length : 0;
        using (var vist = ProgramProcess.Start("vist", Args(killed), dir))
        {
            vist.WaitUntil(() => Saved() >= 3, "three saved conditions");
            vist.Kill();
        }
        int saved = Saved();
        Assert.InRange(saved, 3, Conditions - 1);                              // killed part-way
        Assert.False(File.Exists(Path.Combine(killed, "results.csv")));

        var resumed = ProgramProcess.Run("vist", Args(killed, "--resume"), dir);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"{Conditions - saved} conditions computed ({saved} already done)", System.Text.RegularExpressions.Regex.Replace(resumed.Stdout, @"\s+", " "));
        foreach (var file in new[] { "results.csv", "responses.npy" })
            Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(killed, file))), $"{file} differs");
    }
}
