using System.Text.Json;
using ViST.Renderer.Scenes;
using ViST.Simulator.Display;
using ViST.Simulator.Loop;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>The live window's keyboard without a window: keys to actions, actions to loop events, and the
/// parameters the keys step.</summary>
public class LiveKeysTests
{
    static TunableParams GratingParams()
    {
        var p = new TunableParams();
        p.Start(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "scenes", "grating.json")));
        return p;
    }

    static TunableParam Find(TunableParams p, string name) => p.All.Single(x => x.Name == name);

    [Fact]
    public void Keys_map_to_actions_and_shift_tab_goes_back()
    {
        Assert.Equal(LiveAction.NextParam, LiveKeys.ActionOf(LiveKeys.KeyTab, 0));
        Assert.Equal(LiveAction.PreviousParam, LiveKeys.ActionOf(LiveKeys.KeyTab, LiveKeys.ModShift));
        Assert.Equal(LiveAction.StepUp, LiveKeys.ActionOf(LiveKeys.KeyUp, 0));
        Assert.Equal(LiveAction.StepDown, LiveKeys.ActionOf(LiveKeys.KeyDown, 0));
        Assert.Equal(LiveAction.PauseResume, LiveKeys.ActionOf(LiveKeys.KeySpace, 0));
        Assert.Equal(LiveAction.Mark, LiveKeys.ActionOf(LiveKeys.KeyM, 0));
        Assert.Equal(LiveAction.Solo, LiveKeys.ActionOf(LiveKeys.KeyS, 0));
        Assert.Equal(LiveAction.NextCell, LiveKeys.ActionOf(LiveKeys.KeyRightBracket, 0));
        Assert.Equal(LiveAction.PreviousCell, LiveKeys.ActionOf(LiveKeys.KeyLeftBracket, 0));
        Assert.Equal(LiveAction.Quit, LiveKeys.ActionOf(LiveKeys.KeyEscape, 0));
        Assert.Null(LiveKeys.ActionOf('Q', 0));
    }

    [Fact]
    public void Actions_become_keyboard_events_for_the_loop_queue()
    {
        var contrast = Find(GratingParams(), "contrast");   // 0.8 in [0, 1]
        var up = LiveKeys.EventFor(LiveAction.StepUp, contrast, paused: false, cell: 0, soloed: null)!;
        Assert.Equal((SimEventKind.SetParam, "grating", "contrast", "keyboard"), (up.Kind, up.Layer, up.Name, up.Origin));
        Assert.Equal(0.9, JsonSerializer.Deserialize<double>(up.Json!), 9);
        var down = LiveKeys.EventFor(LiveAction.StepDown, contrast, false, 0, null)!;
        Assert.Equal(0.7, JsonSerializer.Deserialize<double>(down.Json!), 9);

        Assert.Equal(SimEventKind.Pause, LiveKeys.EventFor(LiveAction.PauseResume, contrast, paused: false, 0, null)!.Kind);
        Assert.Equal(SimEventKind.Resume, LiveKeys.EventFor(LiveAction.PauseResume, contrast, paused: true, 0, null)!.Kind);
        Assert.Equal(SimEventKind.Mark, LiveKeys.EventFor(LiveAction.Mark, null, false, 0, null)!.Kind);

        var solo = LiveKeys.EventFor(LiveAction.Solo, null, false, cell: 12, soloed: null)!;
        Assert.Equal([12], LiveKeys.SoloCells(solo)!);
        var unsolo = LiveKeys.EventFor(LiveAction.Solo, null, false, cell: 12, soloed: 12)!;
        Assert.Empty(LiveKeys.SoloCells(unsolo)!);
        Assert.Null(LiveKeys.SoloCells(SimEvent.Note("""{"other": 1}""", "control")));

        Assert.Null(LiveKeys.EventFor(LiveAction.StepUp, null, false, 0, null));        // nothing selected
        Assert.Null(LiveKeys.EventFor(LiveAction.NextParam, contrast, false, 0, null)); // selection stays in the window
        Assert.Null(LiveKeys.EventFor(LiveAction.Quit, contrast, false, 0, null));
    }

    [Fact]
    public void Steps_suit_the_unit_and_stay_in_range()
    {
        var p = GratingParams();
        // the plain numbers of the layer, in the type's order (not the waveform, the centre point or the flag)
        Assert.Equal(["orientation_deg", "cycles_per_px", "temporal_hz", "contrast", "phase_deg"], p.All.Select(x => x.Name));
        Assert.Equal(60, Find(p, "orientation_deg").Stepped(+1), 9);      // 45 + 15 degrees
        Assert.Equal(2.5, Find(p, "temporal_hz").Stepped(+1), 9);         // 2 + 0.5 Hz
        Assert.Equal(0.01, Find(p, "cycles_per_px").Stepped(+1), 9);      // 0.005 up an octave
        Assert.Equal(0.0025, Find(p, "cycles_per_px").Stepped(-1), 9);    // and down one
        Assert.Equal(0.5, (Find(p, "cycles_per_px") with { Value = 0.4 }).Stepped(+1), 9);   // clamped at the top
        var radius = new TunableParam("spot", "radius_px", StimulusTypes.Param("spot", "radius_px"), 5);
        Assert.Equal(2.5, radius.Stepped(-1), 9);                          // 0 px is excluded: halve the way to it
        var full = Find(p, "contrast") with { Value = 1 };
        Assert.Equal(1, full.Stepped(+1), 9);                             // clamped at the top
        Assert.Equal(0, (full with { Value = 0.05 }).Stepped(-1), 9);     // and at an included bottom
    }

    [Fact]
    public void The_parameters_follow_the_events_the_loop_applied()
    {
        var p = GratingParams();
        p.Apply(SimEvent.SetParam("grating", "contrast", "0.3", "keyboard") with { Frame = 10 });
        Assert.Equal(0.3, Find(p, "contrast").Value);
        p.Apply(SimEvent.LoadScene("""{"layers": [{"type": "spot", "id": "dot", "radius_px": 20}]}""", "control"));
        Assert.Equal(["dot.radius_px", "dot.contrast"], p.All.Select(x => x.Label));
        p.Start("""{"movie": "clip.mp4"}""");
        Assert.Empty(p.All);   // a movie has nothing to step
    }

    [Fact]
    public void The_font_covers_the_help_text_and_draws_ink()
    {
        Assert.All(string.Concat(LiveKeys.Help), c => Assert.True(PixelFont.Covers(c), $"no glyph for '{c}'"));
        var image = new PanelImage(60, 10);
        int end = PixelFont.Draw(image, 0, 0, "E1", new Rgba(255, 0, 0));
        Assert.Equal(2 * PixelFont.Advance, end);
        Assert.Equal(new Rgba(255, 0, 0), image.Get(0, 0));                // E: top-left ink
        Assert.Equal(new Rgba(255, 0, 0), image.Get(0, 3));                // E: the middle bar...
        Assert.Equal(default, image.Get(4, 3));                            // ...stops short of the right edge
        Assert.Equal(new Rgba(255, 0, 0), image.Get(PixelFont.Advance + 2, 0));   // 1: its stem
        Assert.Equal(default, image.Get(PixelFont.Advance + 4, 0));
    }
}

/// <summary>Key events through a real loop (fakes behind it, no window): they take effect at a frame boundary,
/// every sink (the recorder's place) sees them with their frame, and the display follows them.</summary>
public class DisplaySinkTests
{
    [Fact]
    public async Task Keyboard_events_reach_every_sink_with_their_frame_and_the_display_follows()
    {
        var retina = Fakes.FakeRetina.WithCellsAt((180, 180), (10, 10));
        var sound = new Audio.SoundBoard(2);
        var display = new DisplaySink(retina.Cells, sound);
        var log = new Fakes.CollectingSink();
        var loop = Fakes.Runs.Loop(retina, () => new Fakes.FakeScene(), new LoopOptions { Paced = false }, display, new Audio.SoloNoteSink(sound, 2), log);
        var run = Fakes.Runs.Start(loop);
        Fakes.Runs.WaitUntil(() => display.Hud.Frame >= 5, "frames");

        long paused = await loop.Events.Post(LiveKeys.EventFor(LiveAction.PauseResume, null, display.Hud.Paused, 0, null)!);
        Fakes.Runs.WaitUntil(() => display.Hud.Paused, "the pause to reach the display");
        await loop.Events.Post(LiveKeys.EventFor(LiveAction.PauseResume, null, display.Hud.Paused, 0, null)!);
        await loop.Events.Post(LiveKeys.EventFor(LiveAction.Solo, null, false, cell: 1, soloed: null)!);
        await loop.Events.Post(LiveKeys.EventFor(LiveAction.Mark, null, false, 0, null)!);
        loop.Stop();   // what Esc does
        await run;

        var keyed = log.Events.Where(e => e.Origin == LiveKeys.Origin).ToList();
        Assert.Equal([SimEventKind.Pause, SimEventKind.Resume, SimEventKind.Note, SimEventKind.Mark], keyed.Select(e => e.Kind));
        Assert.Equal(paused, keyed[0].Frame);
        Assert.True(keyed.Zip(keyed.Skip(1)).All(p => p.First.Frame <= p.Second.Frame), "frames go forward");
        Assert.False(display.Hud.Paused);
        Assert.Equal([1], display.Hud.Soloed);
        sound.SetRates([10, 20]);
        Assert.Equal((0f, 20f), (sound.AudibleRate(0), sound.AudibleRate(1)));   // the note soloed cell 1 for the sound
        var shown = new byte[Renderer.FrameSpec.Pixels];
        Assert.True(display.CopyLatestPixels(shown));                          // the window gets a copy of the newest frame
        var expected = new byte[Renderer.FrameSpec.Pixels];
        new Fakes.FakeScene().Render(log.Frames[^1].Index, expected);
        Assert.Equal(expected, shown);
        Assert.Equal(log.Frames[^1].Index, display.Hud.Frame);
    }
}
