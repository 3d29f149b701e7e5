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
    readonly List<Pending> _next = [];                                        // due at the next boundary
    readonly PriorityQueue<Pending, (long Frame, long Order)> _scheduled = new(); // a replay posts thousands at once
    readonly AutoResetEvent _posted = new(false);
    long _order;
    string? _closedReason;

    public Task<long> Post(SimEvent e, long? atFrame = null)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_closedReason != null) done.SetException(new InvalidOperationException(_closedReason));
            else
            {
                var p = new Pending(e, atFrame, _order++, done);
                if (atFrame is { } f) _scheduled.Enqueue(p, (f, p.Order));
                else _next.Add(p);
            }
        }
        _posted.Set();
        return done.Task;
    }

    /// <summary>Moves the events due at the boundary before <paramref name="frame"/> into <paramref name="due"/>
    /// (cleared first): scheduled ones by target frame, then in the order they were posted. The caller's list is
    /// reused from frame to frame, so a boundary without events allocates nothing.</summary>
    internal void TakeDue(long frame, List<Pending> due)
    {
        due.Clear();
        lock (_gate)
        {
            if (_next.Count == 0 && (!_scheduled.TryPeek(out _, out var first) || first.Frame > frame)) return;
            due.AddRange(_next);
            _next.Clear();
            while (_scheduled.TryPeek(out _, out var top) && top.Frame <= frame) due.Add(_scheduled.Dequeue());
        }
        InOrder(due, frame);
    }

    // apart from TakeDue, so that the closure over frame is only made when there are events to sort
    static void InOrder(List<Pending> due, long frame) =>
        due.Sort((a, b) => (a.AtFrame ?? frame, a.Order).CompareTo((b.AtFrame ?? frame, b.Order)));

    /// <summary>Blocks until something is posted or the timeout passes (a paused loop waits here).</summary>
    internal void WaitForPost(TimeSpan timeout, CancellationToken ct) =>
        WaitHandle.WaitAny([_posted, ct.WaitHandle], timeout);

    /// <summary>Fails everything still waiting and every later post (the run ended before their frame came).</summary>
    internal void Close(string reason)
    {
        lock (_gate)
        {
            _closedReason ??= reason;
            foreach (var p in _next.Concat(_scheduled.UnorderedItems.Select(i => i.Element)))
                p.Done.TrySetException(new InvalidOperationException(reason));
            _next.Clear();
            _scheduled.Clear();
        }
    }
}
