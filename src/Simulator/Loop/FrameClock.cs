using System.Diagnostics;

namespace ViST.Simulator.Loop;

/// <summary>
/// Paces frames by absolute deadlines: frame slot n is due at anchor + n / rate, so small delays never accumulate
/// into drift. When the loop falls more than one period behind, the ticks it missed are counted as dropped and
/// the schedule is re-anchored at "now" instead of bursting frames to catch up. Frame indices never skip: the
/// retina sees every frame in order, and stimulus time stays index / rate. Unpaced (headless), it never waits.
/// </summary>
public sealed class FrameClock
{
    readonly double _period;
    readonly Stopwatch _watch = Stopwatch.StartNew();
    double _anchor;
    long _slot;

    public FrameClock(double rate, bool paced)
    {
        if (rate <= 0) throw new ArgumentOutOfRangeException(nameof(rate), "frame rate must be positive");
        _period = 1.0 / rate;
        Paced = paced;
    }

    public bool Paced { get; }
    public double Period => _period;
    public long Dropped { get; private set; }

    /// <summary>Seconds since the clock was made (the time base of deadlines and latencies).</summary>
    public double Now => _watch.Elapsed.TotalSeconds;

    /// <summary>Starts (or restarts, after a pause) the schedule: the next slot is due now.</summary>
    public void Anchor() { _anchor = Now; _slot = 0; }

    /// <summary>Waits for the next slot's deadline and returns it (seconds on <see cref="Now"/>'s base, NaN unpaced),
    /// with the number of ticks dropped just before it.</summary>
    public (double Deadline, int Dropped) WaitForNextSlot(CancellationToken ct)
    {
        if (!Paced) return (double.NaN, 0);
        double deadline = _anchor + _slot * _period;
        double now = Now;
        int dropped = 0;
        if (now > deadline + _period)
        {
            dropped = (int)Math.Floor((now - deadline) / _period);
            Dropped += dropped;
            _anchor = now - _slot * _period;
            deadline = now;
        }
        SleepUntil(deadline, ct);
        _slot++;
        return (deadline, dropped);
    }

    // Thread.Sleep is only good to about a millisecond, so sleep most of the way and spin the rest.
    void SleepUntil(double deadline, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            double left = deadline - Now;
            if (left <= 0) return;
            if (left > 0.002) ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(left - 0.0015));
            else Thread.SpinWait(64);
        }
    }
}
