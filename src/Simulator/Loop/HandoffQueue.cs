namespace ViST.Simulator.Loop;

/// <summary>
/// A bounded first-in-first-out queue from one thread to another that allocates nothing once running: a ring of
/// slots and two semaphores (free slots, filled slots). It replaces BlockingCollection in the live loop, which makes
/// a linked CancellationTokenSource every time a call has to wait, a few hundred bytes on most frames.
/// </summary>
internal sealed class HandoffQueue<T> : IDisposable
{
    readonly object _gate = new();
    readonly T[] _items;
    readonly SemaphoreSlim _free, _filled;
    int _head, _count;
    bool _completed;

    public HandoffQueue(int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "a queue holds at least one item");
        _items = new T[capacity];
        _free = new SemaphoreSlim(capacity, capacity);
        _filled = new SemaphoreSlim(0);
    }

    /// <summary>Adds an item, waiting while the queue is full.</summary>
    public void Add(T item, CancellationToken ct)
    {
        _free.Wait(ct);
        lock (_gate)
        {
            if (_completed) throw new InvalidOperationException("the queue was completed; nothing can be added");
            _items[(_head + _count) % _items.Length] = item;
            _count++;
        }
        _filled.Release();
    }

    /// <summary>Takes the oldest item, waiting while the queue is empty; false once the queue is completed and empty.</summary>
    public bool TryTake(out T item, CancellationToken ct = default)
    {
        _filled.Wait(ct);
        lock (_gate)
        {
            if (_count == 0)
            {
                _filled.Release();              // completed: the next taker gets the same answer at once
                item = default!;
                return false;
            }
            item = _items[_head];
            _items[_head] = default!;
            _head = (_head + 1) % _items.Length;
            _count--;
        }
        _free.Release();
        return true;
    }

    /// <summary>No more items will come: a taker gets what is left, then false.</summary>
    public void CompleteAdding()
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
        }
        _filled.Release();
    }

    public void Dispose()
    {
        _free.Dispose();
        _filled.Dispose();
    }
}
