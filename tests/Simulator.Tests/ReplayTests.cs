using ViST.Simulator.Controllers;
using ViST.Simulator.Loop;
using ViST.Simulator.Recording;
using ViST.Simulator.Tests.Fakes;
using ViST.Tests;

namespace ViST.Simulator.Tests;

public class ReplayTests
{
    const string Scene = """{"layers": {"background": {"luminance": 30}, "spot": {"center_px": [0, 180], "drift_px_per_frame": [3, 0], "radius_px": 25}}}""";

    static Stimulus FromJson(string json) { var s = new FakeScene(json); return new Stimulus(s, s); }

    /// <summary>A recorded run whose stimulus changes come from a trigger controller, a mark and a pause.</summary>
    static string RecordClosedLoopRun()
    {
        string path = Path.Combine(TestPaths.TempDir(), "closed-loop.vistrec");
        var retina = FakeRetina.WithCellsAt((180, 180), (10, 10));
        using (var writer = new RecordingWriter(path))
        {
            var loop = new SimulationLoop(() => FromJson(Scene), retina, new RunInfo(retina.Name, "sha256:fake", retina.Cells, Scene, false),
                new LoopOptions { Paced = false, MaxFrames = 120 }, [writer]);
            loop.AddSink(new ControllerSink(new TriggerController(new TriggerOptions(0, 40, "marker", "on", "1", "0", 5)), loop.Events));
            loop.Events.Post(SimEvent.Mark("start", "test"), atFrame: 0);
            loop.Events.Post(SimEvent.Pause("test"), atFrame: 30);
            loop.Events.Post(SimEvent.Resume("test"), atFrame: 30);
            loop.Events.Post(SimEvent.SetParam("background", "luminance", "60", "test"), atFrame: 90);
            loop.Run();
        }
        return path;
    }

    [Fact]
    public void Replaying_with_the_same_model_reproduces_the_recorded_rates_without_the_controller()
    {
        var rec = RecordingReader.Read(RecordClosedLoopRun());
        Assert.Equal(3, rec.Events.Count(e => e.Kind == SimEventKind.SetParam));   // two trigger switches and one change

        var result = ReplayEngine.Replay(rec, FromJson, FakeRetina.WithCellsAt((180, 180), (10, 10)), sameModel: true);
        Assert.Equal((120, 2), (result.Frames, result.Cells));
        Assert.Equal(0.0, result.MaxAbsDiffFromRecording);
    }

    [Fact]
    public void Replaying_with_another_model_scores_the_same_frames_with_its_cells()
    {
        var rec = RecordingReader.Read(RecordClosedLoopRun());
        var other = FakeRetina.WithCellsAt((10, 10), (180, 180), (300, 300));
        var result = ReplayEngine.Replay(rec, FromJson, other, sameModel: false);
        Assert.Null(result.MaxAbsDiffFromRecording);
        Assert.Equal(3, result.Cells);
        // the other model's cells at (10,10) and (180,180) are the recording's cells 1 and 0 with the same filter
        for (int f = 0; f < result.Frames; f++)
        {
            Assert.Equal(rec.Frames[f].Rates[1], result.Rates[f * 3 + 0]);
            Assert.Equal(rec.Frames[f].Rates[0], result.Rates[f * 3 + 1]);
        }
    }

    [Fact]
    public void A_cut_recording_replays_up_to_its_last_whole_frame()
    {
        string path = RecordClosedLoopRun();
        byte[] bytes = File.ReadAllBytes(path);
        var rec = RecordingReader.Read(new MemoryStream(bytes, 0, bytes.Length * 2 / 3), path);
        Assert.False(rec.Complete);
        var result = ReplayEngine.Replay(rec, FromJson, FakeRetina.WithCellsAt((180, 180), (10, 10)), sameModel: true);
        Assert.Equal(rec.Frames.Count, result.Frames);
        Assert.Equal(0.0, result.MaxAbsDiffFromRecording);
    }
}
