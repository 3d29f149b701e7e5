using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ViST.Renderer.Scenes;
using ViST.Simulator.Loop;
using ViST.Simulator.Recording;
using ViST.Tests;
using Xunit.Abstractions;

namespace ViST.Simulator.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: `vist run --headless --model ln --ui 0 --record` as its own process, driven by
/// tests/Dashboard.Browser/dashboard-test.mjs in Debian's chromium (playwright-core). What the browser did must be
/// in the recording, at the frames it took effect. Needs node, chromium and `npm ci` in tests/Dashboard.Browser
/// (.ci/run installs them); without them the test fails and says what to install.
/// </summary>
public class DashboardBrowserTests(ITestOutputHelper output)
{
    static string BrowserTests => Path.Combine(TestPaths.RepoRoot, "tests", "Dashboard.Browser");
    static string Chromium => Environment.GetEnvironmentVariable("VIST_CHROMIUM") ?? "/usr/bin/chromium";

    [Fact]
    public void A_browser_moves_a_slider_focuses_a_cell_loads_and_saves_scenes_and_the_recording_shows_it_at_its_frames()
    {
        RequireTools();
        string dir = TestPaths.TempDir("vist-browser"), artifacts = Path.Combine(TestPaths.RepoRoot, "TestResults", "dashboard-browser");
        Directory.CreateDirectory(artifacts);
        File.WriteAllText(Path.Combine(dir, "spot.json"), """{"seed": 1, "background": 0.5, "layers": [{"type": "spot", "id": "spot", "radius_px": 60, "contrast": 1}]}""");
        File.WriteAllText(Path.Combine(dir, "good.json"), """{"layers": [{"type": "bar", "id": "uploaded", "speed_px_s": 120}]}""");
        File.WriteAllText(Path.Combine(dir, "bad.json"), """{"layers": [{"type": "spot",, ]}""");

        // env --default-signal=INT: a shell without job control starts background commands with SIGINT ignored, the
        // test host and this child inherit that, and .NET then keeps ignoring it, so Ctrl+C below would do nothing
        using var vist = Start("env", ["--default-signal=INT", Path.Combine(AppContext.BaseDirectory, "vist"),
            "run", "--scene", "spot.json", "--model", "ln", "--headless", "--ui", "0", "--record", "run.vistrec"], dir);
        string url;
        try
        {
            url = vist.WaitForLine(new Regex(@"dashboard: (http://127\.0\.0\.1:\d+/)"), TimeSpan.FromSeconds(120)).Groups[1].Value;
            using var node = Start("node", ["dashboard-test.mjs", url, artifacts, Path.Combine(dir, "good.json"), Path.Combine(dir, "bad.json")], BrowserTests);
            int code = node.WaitForExit(TimeSpan.FromSeconds(300));
            output.WriteLine(node.AllOutput);
            Assert.True(code == 0, $"the browser script failed (exit {code}; screenshot of the failure in {artifacts}):\n{node.AllOutput}");
            Result = JsonDocument.Parse(node.WaitForLine(new Regex("^RESULT (.*)$"), TimeSpan.Zero).Groups[1].Value).RootElement.Clone();
        }
        finally
        {
            vist.Interrupt();   // Ctrl+C: the run ends cleanly and writes the recording's footer
        }
        Assert.Equal(0, vist.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("from another machine: ssh -N -L", vist.AllOutput);
        output.WriteLine($"screenshot: {Result.GetProperty("screenshot").GetString()}");

        var recording = RecordingReader.Read(Path.Combine(dir, "run.vistrec"));
        Assert.True(recording.Complete, recording.Problem);
        var fromBrowser = recording.Events.Where(e => e.Origin == "dashboard").ToList();

        // the slider: one change, at the frame the page showed, that turned the bright spot dark
        var slider = fromBrowser.First(e => e.Kind == SimEventKind.SetParam && e.Layer == "spot" && e.Name == "contrast");
        Assert.Equal(Result.GetProperty("slider").GetProperty("frame").GetInt64(), slider.Frame);
        Assert.True(double.Parse(slider.Json!, System.Globalization.CultureInfo.InvariantCulture) < -0.9, slider.Json);
        Assert.Contains(recording.Frames, f => f.Index == slider.Frame);
        Assert.True(Result.GetProperty("previewBefore").GetInt32() > 240, "the spot is bright before the change");
        Assert.True(Result.GetProperty("previewAfter").GetInt32() < 15, "the spot is dark after it");

        // the cell clicked is focused
        Assert.Equal("Cell 12", Result.GetProperty("focused").GetProperty("title").GetString());
        Assert.True(Result.GetProperty("focused").GetProperty("ringed").GetBoolean());

        // the example and the uploaded scene were loaded, in that order, with the typed value between them
        var loads = fromBrowser.Where(e => e.Kind == SimEventKind.LoadScene).ToList();
        Assert.Equal(2, loads.Count);
        var example = SceneJson.Parse(loads[0].Json!);
        Assert.Equal(["grating"], example.Layers.Select(l => l.Type));
        Assert.Equal(["uploaded"], SceneJson.Parse(loads[1].Json!).Layers.Select(l => l.Id));
        var typed = fromBrowser.Single(e => e.Kind == SimEventKind.SetParam && e.Name == "contrast" && e.Layer == "grating");
        Assert.True(loads[0].Frame <= typed.Frame && typed.Frame <= loads[1].Frame);

        // the saved file is the scene in force then: the example with the typed contrast, as `vist run --scene` reads it
        var saved = SceneJson.Load(Result.GetProperty("saved").GetString()!);
        Assert.Equal(example.WithParam("grating", "contrast", 0.25).ToJson(), saved.ToJson());

        // the broken upload was refused with a reason that names the file
        Assert.Contains("upload bad.json: not valid JSON", Result.GetProperty("badUpload").GetString());
        Assert.Empty(Result.GetProperty("pageErrors").EnumerateArray());

        // no machine path went into the recording
        Assert.DoesNotContain(dir, recording.Header.StimulusJson + string.Concat(recording.Events.Select(e => e.Json)));

        var png = File.ReadAllBytes(Result.GetProperty("screenshot").GetString()!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal((1440, 900), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)),
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
    }

    JsonElement Result { get; set; }

    static void RequireTools()
    {
        try { using var p = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!; p.WaitForExit(); }
        catch (Win32Exception) { Assert.Fail("node is not installed (Node.js 18 or newer; .ci/run installs it)"); }
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (or set VIST_CHROMIUM to a Chromium binary)");
        Assert.True(Directory.Exists(Path.Combine(BrowserTests, "node_modules", "playwright-core")),
            $"playwright-core is not installed: npm ci --prefix {BrowserTests}");
    }

    static Child Start(string file, string[] args, string workingDirectory)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        return new Child(Process.Start(info)!);
    }

    /// <summary>A child process whose output lines are collected as they come.</summary>
    sealed class Child : IDisposable
    {
        readonly Process _process;
        readonly BlockingCollection<string> _lines = [];
        readonly List<string> _all = [];

        public Child(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        void Add(string? line)
        {
            if (line is null) return;
            lock (_all) _all.Add(line);
            _lines.Add(line);
        }

        public string AllOutput { get { lock (_all) return string.Join("\n", _all); } }

        public Match WaitForLine(Regex pattern, TimeSpan timeout)
        {
            lock (_all)
                foreach (var seen in _all)
                    if (pattern.Match(seen) is { Success: true } m) return m;
            var until = DateTime.UtcNow + timeout;
            while (_lines.TryTake(out var line, until > DateTime.UtcNow ? until - DateTime.UtcNow : TimeSpan.Zero))
                if (pattern.Match(line) is { Success: true } m) return m;
            throw new TimeoutException($"no line like /{pattern}/ in the output:\n{AllOutput}");
        }

        public int WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
                throw new TimeoutException($"{_process.StartInfo.FileName} did not end:\n{AllOutput}\nits threads (name, state, kernel wait):\n{Threads()}\n{SignalMasks()}");
            _process.WaitForExit();   // the rest of its output
            return _process.ExitCode;
        }

        /// <summary>The process's blocked, ignored and caught signals (hex masks, bit n-1 for signal n: SIGINT is 0x2),
        /// from /proc: a run that ignores Ctrl+C shows here whether SIGINT reached .NET's handler at all.</summary>
        public string SignalMasks()
        {
            try { return string.Join("\n", File.ReadLines($"/proc/{_process.Id}/status").Where(l => l.StartsWith("Sig", StringComparison.Ordinal))); }
            catch (Exception e) { return "(" + e.Message + ")"; }
        }

        /// <summary>Where a process that does not end is stuck, as far as /proc tells without a debugger (what found
        /// the inherited SIG_IGN above: the run's threads were still rendering after Ctrl+C).</summary>
        string Threads()
        {
            string Read(string task, string file) { try { return File.ReadAllText(Path.Combine(task, file)).Trim(); } catch (Exception e) { return e.Message; } }
            string State(string stat) => stat.LastIndexOf(')') is int end and >= 0 && end + 2 < stat.Length ? stat[end + 2].ToString() : "?";  // after "pid (name) "
            try
            {
                return string.Join("\n", Directory.GetDirectories($"/proc/{_process.Id}/task").Select(t =>
                    $"  {Path.GetFileName(t)} {Read(t, "comm")} {State(Read(t, "stat"))} {Read(t, "wchan")}"));
            }
            catch (Exception e) { return "  (" + e.Message + ")"; }
        }

        public void Interrupt()
        {
            if (_process.HasExited) return;
            try { ProgramProcess.Signal(_process.Id, 2 /* SIGINT */); }
            catch (InvalidOperationException) when (_process.HasExited) { }   // it ended in between: nothing to interrupt
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }
}
