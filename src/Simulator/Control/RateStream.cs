using System.Collections.Concurrent;
using System.Threading.Channels;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Control;

/// <summary>
/// The sink behind `subscribe`: encodes each frame's {type: "rates", frame, t, rates, latency_ms} once and offers it
/// to every subscriber's queue. A subscriber that reads too slowly loses its oldest messages, never the loop's time.
/// </summary>
public sealed class RateStream : IFrameSink
{
    const int QueueLength = 64;
    readonly ConcurrentDictionary<int, (ChannelWriter<byte[]> Queue, int Every)> _subscribers = new();
    int _nextId;

    public int Count => _subscribers.Count;

    /// <summary>Adds a subscriber that gets every <paramref name="every"/>-th frame; returns its id and queue.</summary>
    public (int Id, ChannelReader<byte[]> Messages) Subscribe(int every)
    {
        var queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueLength)
            { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
        int id = Interlocked.Increment(ref _nextId);
        _subscribers[id] = (queue.Writer, Math.Max(1, every));
        return (id, queue.Reader);
    }

    public void Unsubscribe(int id)
    {
        if (_subscribers.TryRemove(id, out var s)) s.Queue.TryComplete();
    }

    public void OnFrame(FrameResult frame)
    {
        if (_subscribers.IsEmpty) return;
        byte[]? message = null;
        foreach (var (queue, every) in _subscribers.Values)
        {
            if (frame.Index % every != 0) continue;
            message ??= ControlFraming.Frame(MsgValue.Encode(new Dictionary<string, object?>
            {
                ["type"] = "rates", ["frame"] = frame.Index, ["t"] = frame.Time, ["rates"] = frame.Rates,
                ["latency_ms"] = frame.LatencyMs,
            }));
            queue.TryWrite(message);
        }
    }

    public void End(RunSummary summary)
    {
        foreach (var id in _subscribers.Keys) Unsubscribe(id);
    }
}
