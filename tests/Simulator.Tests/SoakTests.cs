using System.Text.Json;
using ViST.Simulator.Loop;
using ViST.Simulator.Soak;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>The soak benchmark's monitor on a clock the test moves, and `vist bench soak` end to end (what it
/// reports, not how fast: speed is for the benchmark to measure).</summary>
public class SoakTests
{
    static FrameResult Frame(long i, bool late = false, int dropped = 0) => new(i, i / 30.0, [1f], LatencyMs: 10 + i % 7, late, dropped);

    [Fact]
    public void The_monitor_closes_an_interval_each_period_with_its_own_frames_late_dropped_and_collections()
    {
        var now = TimeSpan.FromSeconds(100);     // the clock starts at the first frame, whatever it reads then
        var monitor = new SoakMonitor(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5.42), () => now);
        var closed = new List<SoakInterval>();
        monitor.Closed += closed.Add;
        int stops = 0;
        monitor.DurationReached += () => stops++;
        monitor.Start(null!);
        long i = 0;
        var step = TimeSpan.FromMilliseconds(40);   // 25 frames a second, exact in ticks
        for (; i < 30; i++, now += step) monitor.OnFrame(Frame(i, late: i == 3));
        GC.Collect(0);
        for (; i < 60; i++, now += step) monitor.OnFrame(Frame(i, dropped: i == 40 ? 2 : 0));
        now += TimeSpan.FromSeconds(3);          // a stall of three periods: one long interval, not three empty ones
        monitor.OnFrame(Frame(i++));
        monitor.OnFrame(Frame(i++));
        Assert.Equal(0, stops);
        now += TimeSpan.FromSeconds(0.02);       // the duration is up: the run is told to stop, later frames do not count
        monitor.OnFrame(Frame(i++));
        monitor.OnFrame(Frame(i++));
        monitor.End(null!);
        Assert.Equal(1, stops);

        Assert.Equal(closed, monitor.Intervals);
        Assert.Equal([26L, 25L, 10L, 2L], monitor.Intervals.Select(x => x.Frames));   // the 26th frame arrives at exactly 1 s and closes the first
        Assert.Equal([1L, 0L, 0L, 0L], monitor.Intervals.Select(x => x.Late));
        Assert.Equal([0L, 2L, 0L, 0L], monitor.Intervals.Select(x => x.Dropped));
        Assert.True(monitor.Intervals[1].Gen0 >= 1, "the collection in the second interval is counted there");
        Assert.Equal([1.0, 2.0, 5.4, 5.42], monitor.Intervals.Select(x => Math.Round(x.EndSeconds, 6)));
        Assert.All(monitor.Intervals, x => Assert.True(x.RssMb > 0 && x.ManagedMb > 0));
        Assert.Equal(16, monitor.Intervals[0].LatencyP99Ms);                           // 10 + the largest i % 7
    }

    [Fact]
    public void Memory_growth_is_fitted_after_the_first_interval_and_without_a_short_last_one()
    {
        SoakInterval At(double minutes, double rss) => new(minutes * 60, 1800, 0, 0, 20, rss, 10, 0, 0, 0);
        // start-up fills caches in minute 1, then 2 MB a minute; the last 5 s of frames left over read low
        var report = new SoakReport([At(1, 400), At(2, 402), At(3, 404), At(4, 406), At(4 + 5 / 60.0, 380)], startRssMb: 100);
        Assert.Equal(2.0, report.RssGrowthMbPerMinute!.Value, 6);
        Assert.Null(new SoakReport([At(1, 400), At(2, 402)], 100).RssGrowthMbPerMinute);
        Assert.Equal("1:05", SoakReport.Clock(65.9));
    }

    [Fact]
    public void Bench_soak_paces_a_run_and_reports_intervals_a_json_line_and_a_plot()
    {
        string dir = TestPaths.TempDir(), plot = Path.Combine(dir, "soak.png");
        var output = ProgramProcess.Run("vist", ["bench", "soak", "--minutes", "0.1", "--model", "ln", "--interval-s", "2", "--plot", plot], dir);
        Assert.True(output.ExitCode == 0, output.ToString());
        var json = JsonDocument.Parse(output.Stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("soak", json.GetProperty("bench").GetString());
        var intervals = json.GetProperty("intervals").EnumerateArray().ToList();
        Assert.InRange(intervals.Count, 2, 3);                                        // 2 s each (fewer where a stall spans a boundary)
        Assert.InRange(intervals[^1].GetProperty("end_s").GetDouble(), 6.0, 12.0);   // 0.1 minutes of wall time (to the first frame after), whatever the frame count
        Assert.True(json.GetProperty("frames").GetInt64() > 0);
        Assert.Equal(json.GetProperty("frames").GetInt64(), intervals.Sum(i => i.GetProperty("frames").GetInt64()));
        Assert.Equal(json.GetProperty("dropped").GetInt64(), intervals.Sum(i => i.GetProperty("dropped").GetInt64()));
        Assert.All(intervals, i => Assert.True(i.GetProperty("rss_mb").GetDouble() > 0));
        Assert.True(json.GetProperty("rss_mb_max").GetDouble() >= json.GetProperty("rss_mb_end").GetDouble());
        foreach (var key in new[] { "gc_gen0", "gc_gen1", "gc_gen2", "late", "rss_mb_start" }) Assert.True(json.TryGetProperty(key, out _), key);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot)[..4]);
        Assert.Matches(@"0:02: \d+ frames, \d+ late, \d+ dropped, RSS \d+ MB, managed \d+ MB, GC \d+/\d+/\d+", output.Stdout);   // a line per interval as it closes
    }
}
