using System.CommandLine;
using ViST.Cli;
using ViST.RetinaModel.IO;
using ViST.Simulator.Commands;
using ViST.Simulator.Loop;
using ViST.Simulator.Recording;
using ViST.Simulator.Tests.Fakes;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>`vist run` and `vist replay` end to end, with the fake scene and retina behind the factories.</summary>
public class CommandTests
{
    static readonly RuntimeFactories Fakes = FakeFactories.SceneAndTwoCells;

    static int Vist(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(RunCommand.Create(Fakes));
        root.Subcommands.Add(ReplayCommand.Create(Fakes));
        return CliRunner.Run(root, args);
    }

    static string SceneFile(string dir)
    {
        string path = Path.Combine(dir, "scene.json");
        File.WriteAllText(path, """{"layers": {"spot": {"center_px": [0, 180], "drift_px_per_frame": [3, 0], "radius_px": 25}}}""");
        return path;
    }

    [Fact]
    public void A_headless_run_records_sounds_and_controls_and_its_replay_matches()
    {
        string dir = TestPaths.TempDir(), rec = Path.Combine(dir, "run.vistrec"), wav = Path.Combine(dir, "run.wav"), npy = Path.Combine(dir, "rates.npy");
        Assert.Equal(0, Vist("run", "--scene", SceneFile(dir), "--headless", "--seconds", "3", "--record", rec, "--audio", wav,
            "--controller", "trigger", "--cell", "0", "--threshold", "40", "--switch", "marker.on", "--above", "1", "--below", "0"));

        var recording = RecordingReader.Read(rec);
        Assert.True(recording.Complete, recording.Problem);
        Assert.Equal(90, recording.Frames.Count);
        Assert.Contains(recording.Events, e => e.Origin == "controller:trigger");
        Assert.False(recording.Header.Paced);
        Assert.Equal(44 + 3 * 44100 * 4, new FileInfo(wav).Length);   // 3 s of 16-bit stereo after the 44-byte header

        Assert.Equal(0, Vist("replay", rec, "--out", npy));
        var rates = Npy.Read(npy);
        Assert.Equal([90L, 2L], rates.Shape);
        Assert.Equal(recording.Frames.SelectMany(f => f.Rates), rates.ToFloat32());
    }

    [Theory]
    [InlineData("run --scene missing.json --headless")]
    [InlineData("run --scene {scene} --movie {scene} --headless")]
    [InlineData("run --headless")]
    [InlineData("run --scene {scene} --headless --audio live")]
    [InlineData("run --scene {scene} --headless --audio sound.mp3")]
    [InlineData("run --scene {scene} --headless --cell 3")]
    [InlineData("run --scene {scene} --headless --controller adaptive --cell 0")]
    [InlineData("run --scene {scene} --headless --controller trigger --cell 0 --threshold 1 --switch marker.on --above x --below 0")]
    [InlineData("run --scene {scene} --headless --seconds 1 --controller adaptive --cell 9 --vary spot.center_px=0:360,0:360")]
    [InlineData("run --scene {scene} --headless --seconds -1")]
    [InlineData("replay missing.vistrec")]
    public void Bad_input_is_refused_with_exit_code_2(string line)
    {
        string scene = SceneFile(TestPaths.TempDir());
        Assert.Equal(CliRunner.BadInput, Vist(line.Replace("{scene}", scene).Split(' ')));
    }

    [Fact]
    public void A_scene_that_is_not_json_is_named_in_the_error()
    {
        string path = Path.Combine(TestPaths.TempDir(), "broken.json");
        File.WriteAllText(path, "{ layers: ");
        var e = Assert.Throws<InvalidDataException>(() => StimulusArguments.ToJson(path, null));
        Assert.Contains("broken.json", e.Message);
    }
}
