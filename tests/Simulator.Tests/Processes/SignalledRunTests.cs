using System.Text.Json;
using System.Text.RegularExpressions;
using NAudio.Wave;
using ViST.Simulator.Recording;
using ViST.Simulator.Tests.Fakes;
using ViST.Tests;

namespace ViST.Simulator.Tests.Processes;

/// <summary>`vist run --record --audio out.wav` ended by `kill` (SIGTERM) or by its terminal closing (SIGHUP), as a
/// batch scheduler, systemd or a dropped ssh session does: it stops as at the end of its time, prints its summary,
/// exits 0, and the recording is complete (footer written, every scored frame in it) and the WAV finished.</summary>
public class SignalledRunTests
{
    [Theory]
    [InlineData(15)]   // SIGTERM
    [InlineData(1)]    // SIGHUP
    public void A_live_run_ended_by_a_signal_stops_cleanly_and_completes_its_recording(int signal)
    {
        string dir = TestPaths.TempDir(), rec = Path.Combine(dir, "run.vistrec"), wav = Path.Combine(dir, "run.wav");
        string scene = Path.Combine(TestPaths.RepoRoot, "scenes", "naturalistic.json");
        long scoredBefore;
        ProgramOutput output;
        // through env --default-signal: a parent that ignores SIGHUP (nohup) or SIGINT (a shell without job control)
        // passes the ignore on, and .NET keeps it (`nohup vist run` ignores SIGHUP, as nohup means); the run is tested here
        using (var vist = ProgramProcess.Start("/usr/bin/env", ["--default-signal=HUP,INT,TERM", ProgramProcess.PathOf("vist"),
                   "run", "--scene", scene, "--model", "ln", "--record", rec, "--audio", wav, "--control", "0"], dir, KilledRunTests.NoDisplay))
        {
            Match port = Match.Empty;
            vist.WaitUntil(() => (port = Regex.Match(vist.StdoutSoFar, @"control port: 127\.0\.0\.1:(\d+)")).Success, "the control port");
            using (var client = new TestClient(int.Parse(port.Groups[1].Value)))
            {
                vist.WaitUntil(() => Convert.ToInt64(client.Request(new() { ["type"] = "get_state" })["scored"]) >= 45, "1.5 s of frames");
                scoredBefore = Convert.ToInt64(client.Request(new() { ["type"] = "get_state" })["scored"]);
            }
            vist.Signal(signal);
            output = vist.WaitForExit(60);
        }

        Assert.True(output.ExitCode == 0, output.ToString());
        Assert.DoesNotContain("   at ", output.Stdout + output.Stderr);
        var recording = RecordingReader.Read(rec);
        Assert.True(recording.Complete, recording.Problem);
        Assert.True(recording.Frames.Count >= scoredBefore, $"{recording.Frames.Count} frames recorded, {scoredBefore} scored before the signal");
        var summary = JsonDocument.Parse(output.Stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("stopped", summary.GetProperty("end").GetString());
        Assert.Equal(recording.Frames.Count, summary.GetProperty("frames").GetInt64());   // the summary counts what was recorded
        using var sound = new WaveFileReader(wav);                                         // a WAV cut off mid-run has no length in its header
        Assert.Equal(recording.Frames.Count / 30.0, sound.TotalTime.TotalSeconds, 1);
    }
}
