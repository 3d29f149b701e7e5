using System.Text.Json;
using System.Text.RegularExpressions;
using ViST.RetinaModel.IO;
using ViST.Simulator.Recording;
using ViST.Simulator.Tests.Fakes;
using ViST.Tests;

namespace ViST.Simulator.Tests.Processes;

/// <summary>`vist run --record` killed with SIGKILL in the middle of a live (paced) run, as a crash or the
/// out-of-memory killer would: the recording keeps every frame up to its last flush, at most a second before the
/// kill, and `vist replay` re-renders and re-scores exactly those frames.</summary>
public class KilledRunTests
{
    /// <summary>Without a display the live run goes on at 30 Hz without a window.</summary>
    internal static readonly Dictionary<string, string?> NoDisplay = new() { ["DISPLAY"] = null, ["WAYLAND_DISPLAY"] = null };

    [Fact]
    public void A_recording_killed_mid_run_reads_to_within_a_second_of_the_kill_and_replays_exactly()
    {
        string dir = TestPaths.TempDir(), rec = Path.Combine(dir, "run.vistrec"), npy = Path.Combine(dir, "replayed.npy");
        string scene = Path.Combine(TestPaths.RepoRoot, "scenes", "naturalistic.json");
        long scored;
        using (var vist = ProgramProcess.Start("vist", ["run", "--scene", scene, "--model", "ln", "--record", rec, "--control", "0"], dir, NoDisplay))
        {
            Match port = Match.Empty;
            vist.WaitUntil(() => (port = Regex.Match(vist.StdoutSoFar, @"control port: 127\.0\.0\.1:(\d+)")).Success, "the control port");
            using var client = new TestClient(int.Parse(port.Groups[1].Value));
            long Scored() => Convert.ToInt64(client.Request(new() { ["type"] = "get_state" })["scored"]);
            vist.WaitUntil(() => Scored() >= 75, "2.5 s of frames");
            scored = Scored();
            vist.Kill();
        }

        var recording = RecordingReader.Read(rec);
        Assert.False(recording.Complete);                  // no footer: the run never ended
        Assert.Equal(Enumerable.Range(0, recording.Frames.Count).Select(i => (long)i), recording.Frames.Select(f => f.Index));
        // flushed at least once a second: of the frames scored by the kill, at most 30 (+1, the frame whose flush was due)
        Assert.InRange(recording.Frames.Count, scored - 31, scored + 30);

        var replay = ProgramProcess.Run("vist", ["replay", rec, "--out", npy], dir);
        Assert.True(replay.ExitCode == 0, replay.ToString());
        var summary = JsonDocument.Parse(replay.Stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(recording.Frames.Count, summary.GetProperty("frames").GetInt32());
        Assert.False(summary.GetProperty("complete").GetBoolean());
        Assert.Equal(0, summary.GetProperty("max_abs_diff").GetDouble());   // the LN retina is deterministic
        var rates = Npy.Read(npy).RequireShape("replayed rates", recording.Frames.Count, 90).ToFloat32();
        Assert.Equal(recording.Frames.SelectMany(f => f.Rates), rates);
    }
}
