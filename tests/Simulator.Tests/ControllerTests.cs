using System.Text.Json;
using ViST.InSilico.Optimization;
using ViST.Simulator.Controllers;
using ViST.Simulator.Loop;
using ViST.Simulator.Tests.Fakes;

namespace ViST.Simulator.Tests;

public class ControllerTests
{
    [Fact]
    public void Nelder_Mead_finds_the_minimum_of_a_curved_valley()
    {
        var nm = new NelderMead([-1.2, 1.0], 0.5);
        for (int i = 0; i < 400; i++)
        {
            var p = nm.Ask();
            nm.Tell(Math.Pow(1 - p[0], 2) + 100 * Math.Pow(p[1] - p[0] * p[0], 2));   // Rosenbrock, minimum at (1, 1)
        }
        Assert.InRange(nm.Best[0], 0.99, 1.01);
        Assert.InRange(nm.Best[1], 0.98, 1.02);
        Assert.Throws<InvalidOperationException>(() => nm.Tell(0));
    }

    [Fact]
    public void Nelder_Mead_minimises_a_function_and_stops_once_converged()
    {
        int calls = 0;
        double Bowl(double[] p) { calls++; return Math.Pow(p[0] - 3, 2) + 2 * Math.Pow(p[1] + 1, 2); }
        var best = NelderMead.Minimize(Bowl, [0, 0], step: 0.5, maxEvaluations: 5000);
        Assert.Equal(3, best[0], 5);
        Assert.Equal(-1, best[1], 5);
        Assert.InRange(calls, 20, 4999);                                  // it stopped on convergence, not on the budget
        calls = 0;
        NelderMead.Minimize(Bowl, [0, 0], step: 0.5, maxEvaluations: 10);
        Assert.Equal(10, calls);
    }

    [Fact]
    public void Adaptive_moves_a_spot_onto_the_receptive_field_of_the_chosen_cell()
    {
        // cell 1 fires most for the spot at (200, 140); cell 0 elsewhere is a distractor
        var retina = FakeRetina.WithCellsAt((60, 300), (200, 140));
        var adaptive = new AdaptiveController(new AdaptiveOptions([ParamRange.Parse("spot.center_px=0:360,0:360")], Cell: 1,
            FramesPerEvaluation: 5, SettleFrames: 2, MaxEvaluations: 70));
        var sink = new CollectingSink();
        var loop = Runs.Loop(retina, () => new FakeScene { Radius = 15 }, new LoopOptions { Paced = false }, sink);
        loop.AddSink(new ControllerSink(adaptive, loop.Events));
        StopSoonAfter(loop, sink, () => adaptive.Done);
        loop.Run();

        Assert.True(adaptive.Done);
        var best = adaptive.Best["spot.center_px"];
        Assert.InRange(best[0], 190, 210);
        Assert.InRange(best[1], 130, 150);
        // its trajectory is in the run's events: one note per evaluation, and the spot moves
        var notes = sink.Events.Where(e => e.Kind == SimEventKind.Note).ToList();
        Assert.Equal(71, notes.Count);
        Assert.Equal(1, JsonDocument.Parse(notes[0].Json!).RootElement.GetProperty("eval").GetInt32());
        Assert.All(sink.Events, e => Assert.Equal("controller:adaptive", e.Origin));
        Assert.True(sink.Events.Count(e => e.Kind == SimEventKind.SetParam) >= 71);
    }

    [Fact]
    public void Adaptive_can_aim_at_a_target_rate()
    {
        // the cell's rate grows with the spot's luminance: find the luminance that gives 50 spikes/s
        var retina = FakeRetina.WithCellsAt((180, 180));
        var adaptive = new AdaptiveController(new AdaptiveOptions([ParamRange.Parse("spot.luminance=0:255")], Cell: 0, Target: 50,
            FramesPerEvaluation: 4, SettleFrames: 2, MaxEvaluations: 40));
        var sink = new CollectingSink();
        var loop = Runs.Loop(retina, () => new FakeScene { Radius = 60 }, new LoopOptions { Paced = false }, sink);
        loop.AddSink(new ControllerSink(adaptive, loop.Events));
        StopSoonAfter(loop, sink, () => adaptive.Done);
        loop.Run();

        Assert.True(adaptive.BestObjective < 0.5, $"squared error {adaptive.BestObjective}");
        Assert.InRange(sink.Frames[^1].Rates[0], 49, 51);   // the best stimulus is left on
    }

    [Fact]
    public void Trigger_switches_a_layer_when_a_cell_crosses_its_threshold_and_back()
    {
        // a spot drifts across cell 0; while cell 0 fires, the trigger turns on a marker that cell 1 watches
        var retina = FakeRetina.WithCellsAt((180, 180), (10, 10));
        var trigger = new TriggerController(new TriggerOptions(Cell: 0, Threshold: 40, "marker", "on", "1", "0", Hysteresis: 5));
        var sink = new CollectingSink();
        var loop = Runs.Loop(retina, () => new FakeScene { Center = [0, 180], Drift = [3, 0], Radius = 25 },
            new LoopOptions { Paced = false, MaxFrames = 120 }, sink);
        loop.AddSink(new ControllerSink(trigger, loop.Events));
        loop.Run();

        var frames = sink.Frames;
        var switches = sink.Events.Where(e => e.Kind == SimEventKind.SetParam).ToList();
        Assert.Equal(["1", "0"], switches.Select(e => e.Json));
        Assert.Equal(2, trigger.Switches);
        long up = frames.First(f => f.Rates[0] >= 40).Index, down = frames.First(f => f.Index > up && f.Rates[0] < 35).Index;
        Assert.InRange(switches[0].Frame, up + 1, up + 5);              // a frame or few of pipeline after the crossing
        Assert.InRange(switches[1].Frame, down + 1, down + 5);
        // the marker shows exactly from the switch on: cell 1 responds there and not before
        Assert.Equal(frames[2].Rates[1], frames[(int)switches[0].Frame - 1].Rates[1]);
        Assert.True(frames[(int)switches[0].Frame].Rates[1] > frames[2].Rates[1] + 10);
    }

    /// <summary>Stops the loop a few frames after <paramref name="done"/> holds, so the controller's last changes show.</summary>
    static void StopSoonAfter(SimulationLoop loop, CollectingSink sink, Func<bool> done)
    {
        int after = 0;
        sink.OnEachFrame = _ => { if (done() && ++after > 6) loop.Stop(); };
    }

    [Fact]
    public void Bad_controller_settings_are_refused_with_a_reason()
    {
        Assert.Contains("lo:hi", Assert.Throws<ArgumentException>(() => ParamRange.Parse("spot.center_px")).Message);
        Assert.Contains("lo < hi", Assert.Throws<ArgumentException>(() => ParamRange.Parse("spot.center_px=5:1")).Message);
        var info = Runs.Info(FakeRetina.WithCellsAt((1, 1)));
        Assert.Throws<ArgumentException>(() => new AdaptiveController(new AdaptiveOptions([ParamRange.Parse("a.b=0:1")], Cell: 3))
            .Start(info, new ControllerOutput(new EventQueue(), "adaptive")));
        Assert.Throws<ArgumentException>(() => new TriggerController(new TriggerOptions(5, 1, "a", "b", "1", "0")).Start(info, new ControllerOutput(new EventQueue(), "trigger")));
    }
}
