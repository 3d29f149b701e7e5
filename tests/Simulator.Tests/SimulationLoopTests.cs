using ViST.Renderer;
using ViST.RetinaModel;
using ViST.RetinaModel.Ln;
using ViST.Simulator.Loop;
using ViST.Simulator.Tests.Fakes;

namespace ViST.Simulator.Tests;

public class SimulationLoopTests
{
    [Fact]
    public void Headless_run_scores_every_frame_in_order_with_the_rates_of_a_direct_run()
    {
        var retina = FakeRetina.WithCellsAt((180, 180), (60, 60), (300, 200));
        var sink = new CollectingSink();
        var scene = () => new FakeScene { Drift = [2, 1] };
        var summary = Runs.Loop(retina, scene, new LoopOptions { Paced = false, MaxFrames = 40 }, sink).Run();

        Assert.Equal(40, summary.Frames);
        Assert.Equal("frames", summary.EndReason);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), sink.Frames.Select(f => f.Index));
        Assert.All(sink.Frames, f => Assert.Equal(FrameSpec.TimeOf(f.Index), f.Time));

        // the same frames pushed through the same retina one by one, without threads or queues
        var direct = FakeRetina.WithCellsAt((180, 180), (60, 60), (300, 200));
        var reference = scene();
        var pixels = new byte[FrameSpec.Pixels];
        var rates = new float[3];
        foreach (var f in sink.Frames)
        {
            reference.Render(f.Index, pixels);
            direct.Step(pixels, rates);
            Assert.Equal(rates, f.Rates);
        }
        Assert.Contains(sink.Frames, f => f.Rates[0] != sink.Frames[0].Rates[0]);   // the moving spot does change the rates
    }

    [Fact]
    public void Sinks_see_each_frames_own_pixels_while_the_frame_is_theirs()
    {
        // The pixel buffers go round a pool: what a sink sees in OnFrame must still be that frame, not a later one.
        var retina = FakeRetina.WithCellsAt((180, 180));
        var reference = new FakeScene { Drift = [3, 2] };
        var expected = new byte[FrameSpec.Pixels];
        int checkedFrames = 0;
        var sink = new CollectingSink
        {
            OnEachFrame = f =>
            {
                Thread.Sleep(2);                                   // let the render thread run ahead into the pool
                reference.Render(f.Index, expected);
                Assert.True(f.Pixels.Span.SequenceEqual(expected), $"frame {f.Index}: the sink saw other pixels");
                checkedFrames++;
            },
        };
        Runs.Loop(retina, () => new FakeScene { Drift = [3, 2] }, new LoopOptions { Paced = false, MaxFrames = 30, PipelineDepth = 2 }, sink).Run();
        Assert.Equal(30, checkedFrames);
    }

    [Fact]
    public void Once_running_a_frame_allocates_only_its_result()
    {
        // The LN retina allocates nothing per step; what remains per frame is the loop's own. The model thread makes
        // each frame's FrameResult and rates (90 floats, kept by sinks): about 460 bytes. The render thread makes
        // nothing. Before pooling, a sink showing pixels cost a 129,600-byte copy per frame.
        var source = new AllocationProbe();
        var modelThread = new List<long>();
        var sink = new CollectingSink { OnEachFrame = _ => modelThread.Add(GC.GetAllocatedBytesForCurrentThread()) };
        using var retina = new LnRetina();
        var loop = new SimulationLoop(() => new Stimulus(source, null), retina, Runs.Info(retina),
            new LoopOptions { Paced = false, MaxFrames = 150 }, [sink]);
        loop.Run();

        double perFrame = (modelThread[140] - modelThread[40]) / 100.0;
        Assert.InRange(perFrame, 1, 600);
        Assert.Equal(0, source.AllocatedAt[140] - source.AllocatedAt[40]);
    }

    /// <summary>A grey frame source that notes the render thread's allocated bytes at every frame.</summary>
    sealed class AllocationProbe : IFrameSource
    {
        public long[] AllocatedAt { get; } = new long[200];
        public void Render(long index, Span<byte> dst)
        {
            AllocatedAt[index] = GC.GetAllocatedBytesForCurrentThread();
            dst.Fill(128);
        }
        public void Dispose() { }
    }

    [Fact]
    public void The_next_frame_renders_while_the_model_works_on_this_one()
    {
        // the model refuses to finish frame i until frame i+1 has been rendered: only a pipelined loop gets through
        FakeScene? scene = null;
        var retina = FakeRetina.WithCellsAt((100, 100));
        long stepped = 0;
        retina.OnStep = () =>
        {
            long i = stepped++;
            Runs.WaitUntil(() => scene!.Rendered.Any(r => r.Index == i + 1) || i == 9, $"frame {i + 1} to render during step {i}");
        };
        var summary = Runs.Loop(retina, () => scene = new FakeScene(), new LoopOptions { Paced = false, MaxFrames = 10 }).Run();
        Assert.Equal(10, summary.Frames);
    }

    [Fact]
    public async Task A_parameter_change_takes_effect_exactly_at_its_frame()
    {
        FakeScene? scene = null;
        var retina = FakeRetina.WithCellsAt((100, 100));
        var sink = new CollectingSink();
        var loop = Runs.Loop(retina, () => scene = new FakeScene(), new LoopOptions { Paced = false, MaxFrames = 30 }, sink);
        var applied = loop.Events.Post(SimEvent.SetParam("spot", "center_px", "[100, 100]", "test"), atFrame: 12);
        loop.Run();

        Assert.Equal(12, await applied);
        Assert.All(scene!.Rendered, r => Assert.Equal(r.Index >= 12 ? 100.0 : 180.0, r.X));
        var e = Assert.Single(sink.Events);
        Assert.Equal((SimEventKind.SetParam, 12L, "spot", "center_px"), (e.Kind, e.Frame, e.Layer, e.Name));
        // the spot lands on the cell's centre at frame 12, so its rate jumps there and not before
        Assert.Equal(sink.Frames[5].Rates[0], sink.Frames[11].Rates[0]);
        Assert.True(sink.Frames[12].Rates[0] > sink.Frames[11].Rates[0] + 5);
    }

    [Fact]
    public async Task A_refused_parameter_fails_its_request_and_the_run_goes_on()
    {
        var sink = new CollectingSink();
        var loop = Runs.Loop(FakeRetina.WithCellsAt((100, 100)), () => new FakeScene(), new LoopOptions { Paced = false, MaxFrames = 20 }, sink);
        var bad = loop.Events.Post(SimEvent.SetParam("grating", "contrast", "0.5", "test"), atFrame: 5);
        var wrongType = loop.Events.Post(SimEvent.SetParam("spot", "center_px", "\"left\"", "test"), atFrame: 6);
        var late = loop.Events.Post(SimEvent.Mark("never", "test"), atFrame: 1000);
        var summary = loop.Run();

        Assert.Equal(20, summary.Frames);
        Assert.Contains("grating.contrast", (await Assert.ThrowsAsync<ArgumentException>(() => bad)).Message);
        await Assert.ThrowsAsync<ArgumentException>(() => wrongType);
        await Assert.ThrowsAsync<InvalidOperationException>(() => late);
        Assert.Empty(sink.Events);
    }

    [Fact]
    public async Task Pause_holds_the_frame_count_and_resume_continues_from_the_same_frame()
    {
        var sink = new CollectingSink();
        var loop = Runs.Loop(FakeRetina.WithCellsAt((100, 100)), () => new FakeScene(), new LoopOptions { Paced = false, MaxFrames = 50 }, sink);
        var paused = loop.Events.Post(SimEvent.Pause("test"), atFrame: 10);
        var run = Runs.Start(loop);
        Assert.Equal(10, await paused);
        Runs.WaitUntil(() => loop.State.FramesScored == 10, "the frames before the pause");
        Thread.Sleep(100);
        Assert.True(loop.State.Paused);
        Assert.Equal(10, loop.State.FramesScored);

        var mark = loop.Events.Post(SimEvent.Mark("while paused", "test"));
        Assert.Equal(10, await mark);
        Assert.Equal(10, await loop.Events.Post(SimEvent.Resume("test")));
        Assert.Equal(50, (await run).Frames);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), sink.Frames.Select(f => f.Index));
        Assert.Equal([SimEventKind.Pause, SimEventKind.Mark, SimEventKind.Resume], sink.Events.Select(e => e.Kind));
    }

    [Fact]
    public void A_model_slower_than_30_Hz_makes_late_and_dropped_frames_but_skips_no_index()
    {
        var retina = FakeRetina.WithCellsAt((100, 100));
        retina.OnStep = () => Thread.Sleep(80);   // more than two 33 ms periods
        var sink = new CollectingSink();
        var summary = Runs.Loop(retina, () => new FakeScene(), new LoopOptions { Paced = true, MaxFrames = 12 }, sink).Run();

        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), sink.Frames.Select(f => f.Index));
        Assert.True(summary.Late > 0, "late frames were counted");
        Assert.True(summary.Dropped > 0, "dropped ticks were counted");
        Assert.Equal(summary.Dropped, sink.Frames.Sum(f => f.DroppedBefore));
        Assert.Equal(summary.Late, sink.Frames.Count(f => f.Late));
    }

    [Fact]
    public async Task Stop_ends_a_live_run_cleanly()
    {
        var sink = new CollectingSink();
        var loop = Runs.Loop(FakeRetina.WithCellsAt((100, 100)), () => new FakeScene(), new LoopOptions { Paced = true }, sink);
        var run = Runs.Start(loop);
        Runs.WaitUntil(() => loop.State.FramesScored >= 5, "a few live frames");
        loop.Stop();
        var summary = await run;
        Assert.Equal("stopped", summary.EndReason);
        Assert.Equal(summary.Frames, sink.Frames.Count);
        Assert.Same(summary, sink.Summary);
    }
}
