using System.CommandLine;
using ViST.Cli;
using ViST.RetinaModel.IO;
using ViST.Simulator.Audio;
using ViST.Simulator.Commands;
using ViST.Simulator.Loop;
using ViST.Simulator.Recording;
using ViST.Simulator.Runtime;
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

    [Fact]
    public void A_movie_run_ends_with_the_movie_unless_it_loops_and_the_summary_says_how_it_was_converted()
    {
        // 20 frames of 320x240 at 25 frames/s (0.8 s): 24 frames at 30 Hz
        string dir = TestPaths.TempDir(), movie = Path.Combine(dir, "clip.mkv");
        var frame = new byte[320 * 240];
        FfmpegTool.EncodeLossless(movie, Enumerable.Range(0, 20).Select(i => { Array.Fill(frame, (byte)(10 * i)); return frame.ToArray(); }), 320, 240, fps: 25);
        RunSummary Run(bool loop, double? seconds, string? fit = null) => RunSession.Execute(new RunSettings(
            StimulusArguments.ToJson(null, movie, loop: loop, fit: fit), "ln", Headless: true, seconds, RecordPath: null, Audio: "off",
            SonifyMode.Cells, [], null, false, null), RuntimeFactories.Real);

        var once = Run(loop: false, seconds: null);
        Assert.Equal((24L, "end of stimulus"), (once.Frames, once.EndReason));
        var looped = Run(loop: true, seconds: 2);
        Assert.Equal((60L, "frames"), (looped.Frames, looped.EndReason));

        var json = StimulusArguments.ToJson(null, movie, fit: "pad");
        var (name, text) = Assert.Single(SceneStimulus.DescribeMovies(json));
        Assert.Equal("movie", name);
        Assert.Contains("clip.mkv: 320x240 at 25 frames/s, 0.8 s; pad: scaled to 360x270, centred, with bands 45 px high above and below", text);
        Assert.Contains("25 -> 30 frames/s", text);
        Assert.EndsWith("the run ends with it", text);
        Assert.Throws<UserInputException>(() => StimulusArguments.ToJson(Path.Combine(TestPaths.RepoRoot, "scenes", "movie.json"), null, loop: true));
    }
}
