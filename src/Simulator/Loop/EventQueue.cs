namespace ViST.Simulator.Loop;

/// <summary>
/// Events waiting for a frame boundary. Any thread posts; the render thread takes the ones due before frame k.
/// An event without a target frame is due at the next boundary; one with a target (replay, scripted runs) waits
/// for exactly that frame. Each post gets a task that completes with the frame the event took effect at, or
/// fails with the reason the stimulus refused it.
/// </summary>
public sealed class EventQueue
{
    internal sealed record Pending(SimEvent Event, long? AtFrame, long Order, TaskCompletionSource<long> Done);

    readonly object _gate = new();
    readonly List<Pending> _pending = [];
    readonly AutoResetEvent _posted = new(false);
    long _order;
    string? _closedReason;

    public Task<long> Post(SimEvent e, long? atFrame = null)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_closedReason != null) done.SetException(new InvalidOperationException(_closedReason));
            else _pending.Add(new Pending(e, atFrame, _order++, done));
        }
        _posted.Set();
        return done.Task;
    }

    /// <summary>Removes and returns the events due at the boundary before <paramref name="frame"/>, oldest target first.</summary>
    internal List<Pending> TakeDue(long frame)
    {
        lock (_gate)
        {
            var due = _pending.Where(p => p.AtFrame is null || p.AtFrame <= frame)
                .OrderBy(p => p.AtFrame ?? frame).ThenBy(p => p.Order).ToList();
            foreach (var p in due) _pending.Remove(p);
            return due;
        }
    }

    /// <summary>Blocks until something is posted or the timeout passes (a paused loop waits here).</summary>
    internal void WaitForPost(TimeSpan timeout, CancellationToken ct) =>
        WaitHandle.WaitAny([_posted, ct.WaitHandle], timeout);

    /// <summary>Fails everything still waiting and every later post (the run ended before their frame came).</summary>
    internal void Close(string reason)
    {
        lock (_gate)
        {
            _closedReason ??= reason;
            foreach (var p in _pending) p.Done.TrySetException(new InvalidOperationException(reason));
            _pending.Clear();
        }
    }
}
