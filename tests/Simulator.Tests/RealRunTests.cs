using System.CommandLine;
using ViST.Cli;
using ViST.RetinaModel.IO;
using ViST.Simulator.Commands;
using ViST.Simulator.Recording;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>`vist run` and `vist replay` end to end with the real GL renderer and real retinas.</summary>
public class RealRunTests
{
    static int Vist(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        return CliRunner.Run(root, args);
    }

    [Theory]
    [InlineData("ln")]
    [InlineData("default")]
    public void A_three_second_headless_run_records_90_frames_of_90_finite_rates_and_replays_them(string model)
    {
        string dir = TestPaths.TempDir(), rec = Path.Combine(dir, "run.vistrec"), npy = Path.Combine(dir, "replayed.npy");
        string scene = Path.Combine(TestPaths.RepoRoot, "scenes", "naturalistic.json");
        Assert.Equal(0, Vist("run", "--scene", scene, "--model", model, "--headless", "--seconds", "3", "--record", rec));

        var recording = RecordingReader.Read(rec);
        Assert.True(recording.Complete, recording.Problem);
        Assert.Equal(90, recording.Frames.Count);
        Assert.All(recording.Frames, f => Assert.Equal(90, f.Rates.Length));
        Assert.All(recording.Frames, f => Assert.All(f.Rates, r => Assert.True(float.IsFinite(r))));
        Assert.Contains(recording.Frames, f => f.Rates.Any(r => r > 0));

        Assert.Equal(0, Vist("replay", rec, "--out", npy));             // the recorded model, found from the recording
        var replayed = (float[])Npy.Read(npy).RequireShape("replayed rates", 90, 90).Data;
        for (int t = 0; t < 90; t++)
            for (int c = 0; c < 90; c++)
                Assert.True(Math.Abs(replayed[t * 90 + c] - recording.Frames[t].Rates[c]) <= 1e-5 * (1 + Math.Abs(recording.Frames[t].Rates[c])),
                    $"frame {t} cell {c}: replayed {replayed[t * 90 + c]} vs recorded {recording.Frames[t].Rates[c]}");
    }
}
