using System.Collections.Concurrent;
using System.Diagnostics;
using Spectre.Console;
using ViST.Renderer;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Display;

/// <summary>
/// The live window of `vist run`: the stimulus on the left, the <see cref="LiveView"/> panel on the right. A thread
/// of its own owns the GLFW window (GL contexts belong to their thread) and draws at its own pace from what the
/// <see cref="DisplaySink"/> holds, so a slow display never holds up the loop. Keys post events to the loop's queue
/// (see <see cref="LiveKeys"/>); Esc or the close button stops the run like Ctrl+C.
/// </summary>
public sealed class LiveWindow : IDisposable
{
    const int WindowWidth = 1080, WindowHeight = 720;
    static readonly TimeSpan PollPeriod = TimeSpan.FromSeconds(1 / 60.0), RepaintPeriod = TimeSpan.FromSeconds(0.25);
    readonly DisplaySink _sink;
    readonly EventQueue _events;
    readonly Action _stopRun;
    readonly Thread _thread;
    readonly ManualResetEventSlim _opened = new();
    readonly ConcurrentQueue<TaskCompletionSource<(byte[] Rgba, int Width, int Height)>> _captures = new();
    readonly LiveView _view = new();
    volatile bool _closing;
    volatile string? _failure;
    string? _openError;
    int _selected, _focus;
    bool _dirty = true;

    LiveWindow(DisplaySink sink, EventQueue events, Action stopRun)
    {
        _sink = sink;
        _events = events;
        _stopRun = stopRun;
        _thread = new Thread(Run) { Name = "vist-window", IsBackground = true };
    }

    /// <summary>True when DISPLAY or WAYLAND_DISPLAY is set: a window is expected to open, and one that does not is a
    /// problem to report, not the normal case of a server.</summary>
    public static bool DisplaySet =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));

    /// <summary>Why the window stopped while the run went on (null while it works or after it closed normally).</summary>
    public string? Failure => _failure;

    /// <summary>Opens the window, or returns null with the reason there is none (no display, no GLFW, no GL 3.3).</summary>
    /// <param name="stopRun">Ends the run (Esc, close button).</param>
    public static LiveWindow? TryOpen(DisplaySink sink, EventQueue events, Action stopRun, out string problem)
    {
        problem = "";
        if (!DisplaySet)
        {
            problem = "neither DISPLAY nor WAYLAND_DISPLAY is set";
            return null;
        }
        var window = new LiveWindow(sink, events, stopRun);
        window._thread.Start();
        window._opened.Wait();
        if (window._openError is null) return window;
        window._thread.Join();
        problem = window._openError;
        return null;
    }

    /// <summary>What the window shows now, RGBA top row first (for tests and the P key).</summary>
    public Task<(byte[] Rgba, int Width, int Height)> CaptureAsync()
    {
        var done = new TaskCompletionSource<(byte[], int, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_closing || !_thread.IsAlive) done.SetException(new InvalidOperationException("the window is closed"));
        else _captures.Enqueue(done);
        return done.Task;
    }

    void Run()
    {
        SceneWindow window;
        try { window = new SceneWindow("vist run", WindowWidth, WindowHeight); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or DllNotFoundException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            _openError = e.Message.TrimEnd('.');   // it goes on inside a sentence
            _opened.Set();
            return;
        }
        _opened.Set();
        try
        {
            using (window)
            {
                window.KeyPressed += (key, mods) => OnKey(window, key, mods);
                DrawLoop(window);
            }
        }
        catch (Exception e)
        {
            _failure = e.Message.TrimEnd('.');
            Console.Error.WriteLine($"warning: window: it failed ({_failure}); the run goes on without it");
        }
        finally
        {
            while (_captures.TryDequeue(out var c)) c.TrySetException(new InvalidOperationException("the window closed"));
        }
    }

    void DrawLoop(SceneWindow window)
    {
        var pixels = new byte[FrameSpec.Pixels];
        long shown = -1;
        var tick = Stopwatch.StartNew();
        var sincePresent = Stopwatch.StartNew();
        while (!_closing)
        {
            window.PollEvents();
            if (window.ShouldClose)
            {
                _stopRun();
                return;
            }
            long version = _sink.Version;
            bool changed = version != shown || _dirty;
            if (changed)
            {
                shown = version;
                _dirty = false;
                if (_sink.CopyLatestPixels(pixels)) window.Show(pixels);
                _view.Paint(_sink, Selected(), _focus);
                window.ShowPanel(_view.Image.Pixels, LiveView.Width, LiveView.Height);
            }
            while (_captures.TryDequeue(out var capture))
            {
                var rgba = window.CaptureRgba(out int w, out int h);
                capture.TrySetResult((rgba, w, h));
            }
            // draw only what changed (new frames come at 30 Hz; a paused run changes nothing), but now and then
            // anyway, so a window uncovered or resized shows its contents again
            if (changed || sincePresent.Elapsed > RepaintPeriod)
            {
                window.Present();
                sincePresent.Restart();
            }
            // keys are read at 60 Hz; vsync (in Present) paces a real screen, this caps the rate where there is none
            var left = PollPeriod - tick.Elapsed;
            if (left > TimeSpan.Zero) Thread.Sleep(left);
            tick.Restart();
        }
    }

    (TunableParam Param, int Index, int Count)? Selected()
    {
        var all = _sink.Params;
        if (all.Count == 0) return null;
        int i = (_selected % all.Count + all.Count) % all.Count;
        return (all[i], i, all.Count);
    }

    void OnKey(SceneWindow window, int key, int mods)
    {
        if (LiveKeys.ActionOf(key, mods) is not { } action) return;
        int cells = _sink.Cells.Count;
        _dirty = true;
        switch (action)
        {
            case LiveAction.NextParam: _selected++; return;
            case LiveAction.PreviousParam: _selected--; return;
            case LiveAction.NextCell when cells > 0: _focus = (_focus + 1) % cells; return;
            case LiveAction.PreviousCell when cells > 0: _focus = (_focus - 1 + cells) % cells; return;
            case LiveAction.Quit: window.ShouldClose = true; return;
            case LiveAction.Screenshot: SaveScreenshot(window); return;
            case LiveAction.Solo when !_sink.HasSound: return;
        }
        var hud = _sink.Hud;
        int? soloed = hud.Soloed.Length == 1 ? hud.Soloed[0] : null;
        if (LiveKeys.EventFor(action, Selected()?.Param, hud.Paused, _focus, soloed) is not { } e) return;
        _events.Post(e).ContinueWith(t => AnsiConsole.MarkupLine($"[yellow]key not applied:[/] {Markup.Escape(t.Exception!.InnerException!.Message)}"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    static void SaveScreenshot(SceneWindow window)
    {
        var rgba = window.CaptureRgba(out int w, out int h);
        string path = Path.GetFullPath($"vist-{DateTime.Now:yyyyMMdd-HHmmss}.png");
        PngFile.Write(path, rgba, w, h);
        AnsiConsole.MarkupLine($"screenshot: [bold]{Markup.Escape(path)}[/]");
    }

    public void Dispose()
    {
        _closing = true;
        if (_thread.IsAlive) _thread.Join();
        _opened.Dispose();
    }
}
