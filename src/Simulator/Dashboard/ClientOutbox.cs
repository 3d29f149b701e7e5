using System.Threading.Channels;

namespace ViST.Simulator.Dashboard;

/// <summary>One message on its way to a browser: UTF-8 JSON text or a binary frame.</summary>
public readonly record struct Outgoing(byte[] Bytes, bool IsText);

/// <summary>
/// What waits to be sent to one browser. Bounded, and no writer ever waits, so a slow or vanished browser costs the
/// run nothing but its own frames:
/// <list type="bullet">
/// <item>frames: at most <see cref="FrameCapacity"/>; a new one pushes out the oldest (counted in <see cref="DroppedFrames"/>);</item>
/// <item>latest-only slots (the status line, the scene): a newer message replaces an unsent older one;</item>
/// <item>other messages (replies, events): in order, at most <see cref="MessageCapacity"/>; a browser that far behind
/// is given up on (<see cref="Post"/> returns false and its connection is closed).</item>
/// </list>
/// One reader, the connection's sender, takes them in that order of priority: messages, latest slots, frames.
/// </summary>
public sealed class ClientOutbox
{
    public const int FrameCapacity = 16, MessageCapacity = 1024;
    readonly object _gate = new();
    readonly Queue<byte[]> _frames = new();
    readonly Queue<byte[]> _messages = new();
    readonly SortedDictionary<string, byte[]> _latest = new(StringComparer.Ordinal);
    // rung after every write; holds at most one ring, so the reader never misses one and writers never wait
    readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    bool _completed, _draining;
    long _droppedFrames;

    /// <summary>Frames pushed out unsent because the browser did not keep up.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    public int FramesWaiting { get { lock (_gate) return _frames.Count; } }
    public int MessagesWaiting { get { lock (_gate) return _messages.Count; } }

    public void OfferFrame(byte[] frame)
    {
        lock (_gate)
        {
            if (_completed || _draining) return;
            if (_frames.Count == FrameCapacity)
            {
                _frames.Dequeue();
                Interlocked.Increment(ref _droppedFrames);
            }
            _frames.Enqueue(frame);
        }
        _doorbell.Writer.TryWrite(true);
    }

    /// <summary>Puts a message in a latest-only slot (<paramref name="slot"/> names it: "status", "scene").</summary>
    public void SetLatest(string slot, byte[] json)
    {
        lock (_gate)
        {
            if (_completed || _draining) return;
            _latest[slot] = json;
        }
        _doorbell.Writer.TryWrite(true);
    }

    /// <summary>Queues a message that must not be lost; false when the browser is too far behind to catch up.</summary>
    public bool Post(byte[] json)
    {
        lock (_gate)
        {
            if (_completed || _draining) return true;
            if (_messages.Count >= MessageCapacity) return false;
            _messages.Enqueue(json);
        }
        _doorbell.Writer.TryWrite(true);
        return true;
    }

    /// <summary>The next message to send, waiting for one; null once <see cref="Complete"/> was called.</summary>
    public async ValueTask<Outgoing?> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_completed) return null;
                if (_messages.TryDequeue(out var m)) return new Outgoing(m, true);
                if (_draining) return null;
                if (_latest.Count > 0)
                {
                    var (slot, latest) = _latest.First();
                    _latest.Remove(slot);
                    return new Outgoing(latest, true);
                }
                if (_frames.TryDequeue(out var f)) return new Outgoing(f, false);
            }
            await _doorbell.Reader.ReadAsync(ct);
        }
    }

    /// <summary>Lets the messages already queued go out (a fatal error's reason), drops the rest and takes nothing
    /// more; the reader gets null after the last message.</summary>
    public void CompleteAfterMessages()
    {
        lock (_gate)
        {
            _draining = true;
            _frames.Clear();
            _latest.Clear();
        }
        _doorbell.Writer.TryWrite(true);
    }

    /// <summary>Drops everything waiting and wakes the reader, which then gets null.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _frames.Clear();
            _messages.Clear();
            _latest.Clear();
        }
        _doorbell.Writer.TryWrite(true);
    }
}
