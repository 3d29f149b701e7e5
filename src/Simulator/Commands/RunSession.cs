using ViST.RetinaModel;
using Spectre.Console;
using ViST.Cli;
using ViST.Simulator.Audio;
using ViST.Simulator.Control;
using ViST.Simulator.Controllers;
using ViST.Simulator.Dashboard;
using ViST.Simulator.Display;
using ViST.Simulator.Loop;
using ViST.Simulator.Recording;

namespace ViST.Simulator.Commands;

/// <summary>Everything `vist run` was asked to do, parsed.</summary>
public sealed record RunSettings(string StimulusJson, string? ModelDir, bool Headless, double? Seconds, string? RecordPath,
    string Audio, SonifyMode AudioMode, int[] AudioSolo, int? ControlPort, bool ControlAnyAddress, IClosedLoopController? Controller)
{
    /// <summary>The browser dashboard (--ui), or null.</summary>
    public DashboardSettings? Dashboard { get; init; }
}

/// <summary>Wires one run: stimulus and retina from the factories, the loop, and the sinks the settings ask for
/// (recorder, sound, control port, controller, live window); runs it until its time is up, Ctrl+C or SIGTERM (<see cref="StopOnSignals"/>); prints the summary.</summary>
public static class RunSession
{
    public static RunSummary Execute(RunSettings s, RuntimeFactories factories)
    {
        if (s.Seconds is <= 0) throw new UserInputException("--seconds must be positive");
        var disposables = new List<IDisposable>();
        try
        {
            var retina = factories.OpenRetina(s.ModelDir);
            disposables.Add(retina);
            var info = new RunInfo(retina.Name, ModelIdentity.Of(s.ModelDir).Hash, retina.Cells, s.StimulusJson, Paced: !s.Headless);
            var extra = new List<(string, string)> { ("model", retina.Name), ("cells", retina.Cells.Count.ToString()) };
            if (factories.DescribeStimulus is { } describe) extra.AddRange(describe(s.StimulusJson));
            var sinks = new List<IFrameSink>();

            if (s.RecordPath != null)
            {
                var recorder = Own(new RecordingWriter(s.RecordPath), disposables);
                sinks.Add(recorder);
                extra.Add(("recording", s.RecordPath));
            }
            if (CreateAudio(s, info, disposables, out string audioNote, out var sound) is { } audio) sinks.Add(audio);
            if (sound != null) sinks.Add(new SoloNoteSink(sound, retina.Cells.Count));
            if (audioNote != "") extra.Add(("audio", audioNote));

            var loop = new SimulationLoop(() => factories.CreateStimulus(s.StimulusJson), retina, info, new LoopOptions
            {
                Paced = !s.Headless,
                MaxFrames = s.Seconds is { } sec ? (long)Math.Round(sec * Renderer.FrameSpec.FrameRate) : null,
            }, sinks);
            if (s.Controller != null)
            {
                loop.AddSink(new ControllerSink(s.Controller, loop.Events));
                extra.Add(("controller", s.Controller.Name));
            }
            if (s.ControlPort is { } port)
            {
                var server = Own(new ControlServer(loop, port, s.ControlAnyAddress), disposables);
                AnsiConsole.MarkupLine($"control port: [bold]{(s.ControlAnyAddress ? "0.0.0.0" : "127.0.0.1")}:{server.Port}[/]");
                extra.Add(("control port", server.Port.ToString()));
            }
            if (s.Dashboard is { } ui)
            {
                var dashboard = Own(new DashboardServer(loop, ui, new DashboardRun(s.RecordPath, sound != null)), disposables);
                foreach (string line in dashboard.HowToOpen()) AnsiConsole.MarkupLine(line);
                extra.Add(("dashboard", dashboard.Url));
            }

            var window = s.Headless ? null : OpenWindow(loop, retina.Cells, sound, factories, disposables, extra);

            RunSummary summary;
            using (new StopOnSignals(loop.Stop)) summary = loop.Run();
            if (window?.Failure is { } failure) extra[extra.FindIndex(e => e.Item1 == "window")] = ("window", "failed (" + failure + ")");
            if (s.Controller is AdaptiveController adaptive && adaptive.Best.Count > 0)
                extra.Add(("best stimulus", string.Join("; ", adaptive.Best.Select(kv => $"{kv.Key}=[{string.Join(", ", kv.Value.Select(v => v.ToString("G5")))}]"))));
            RunSummaryPrinter.Print(summary, extra);
            return summary;
        }
        finally
        {
            for (int i = disposables.Count - 1; i >= 0; i--) disposables[i].Dispose();
        }
    }

    /// <summary>A live run shows the window where there is a display; elsewhere it says why not (on stderr, and in the
    /// summary) and goes on paced. Where a display is set, a window that cannot open is a warning: something is broken.</summary>
    static LiveWindow? OpenWindow(SimulationLoop loop, IReadOnlyList<CellInfo> cells, SoundBoard? sound, RuntimeFactories factories,
        List<IDisposable> disposables, List<(string, string)> extra)
    {
        var display = new DisplaySink(cells, sound);
        var window = LiveWindow.TryOpen(display, loop.Events, loop.Stop, out string problem);
        if (window is null)
        {
            Console.Error.WriteLine($"{(LiveWindow.DisplaySet ? "warning: window" : "no window")}: {problem}; the run goes on at 30 Hz without one (--headless: as fast as possible)");
            extra.Add(("window", "none (" + problem + ")"));
            return null;
        }
        Own(window, disposables);
        loop.AddSink(display);
        extra.Add(("window", "live"));
        factories.WindowOpened?.Invoke(window);
        return window;
    }

    static IFrameSink? CreateAudio(RunSettings s, RunInfo info, List<IDisposable> disposables, out string note, out SoundBoard? sound)
    {
        note = "";
        sound = null;
        if (s.Audio == "off") return null;
        var board = sound = new SoundBoard(info.Cells.Count);
        board.Solo(s.AudioSolo);
        var sonifier = new Sonifier(info.Cells, board, s.AudioMode);
        if (s.Audio == "live")
        {
            if (s.Headless) throw new UserInputException("--audio live needs a live run; with --headless write the sound with --audio out.wav");
            var player = OpenAlPlayer.TryOpen(sonifier.Output, out string problem);
            if (player == null)
            {
                Console.Error.WriteLine($"warning: live sound: {problem}; the run goes on silent (--audio out.wav writes the sound to a file)");
                note = "none (" + problem + ")";
                sound = null;
                return null;
            }
            note = "live (OpenAL)";
            return Own(new LiveAudioSink(sonifier, player), disposables);
        }
        if (!s.Audio.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            throw new UserInputException($"--audio '{s.Audio}': give a .wav path, live or off");
        note = s.Audio;
        return Own(new WavAudioSink(s.Audio, sonifier), disposables);
    }

    static T Own<T>(T item, List<IDisposable> disposables) where T : IDisposable
    {
        disposables.Add(item);
        return item;
    }
}
