using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ViST.Renderer.Gl;

/// <summary>
/// A thread that owns one GL context for its whole life. GL calls only work on the thread where the context is
/// current, while callers (xunit test classes, sweep workers, a control socket) come from any thread; so every
/// GL job is handed to this thread and the caller waits for it. Exceptions come back to the caller.
/// </summary>
internal sealed class GlThread : IDisposable
{
    readonly BlockingCollection<Action> _jobs = new();
    readonly Thread _thread;

    public GlThread(string name)
    {
        _thread = new Thread(() => { foreach (var job in _jobs.GetConsumingEnumerable()) job(); })
        { IsBackground = true, Name = name };
        _thread.Start();
    }

    public T Invoke<T>(Func<T> job)
    {
        if (Thread.CurrentThread == _thread) return job();
        T result = default!;
        ExceptionDispatchInfo? error = null;
        using var done = new ManualResetEventSlim();
        _jobs.Add(() =>
        {
            try { result = job(); }
            catch (Exception e) { error = ExceptionDispatchInfo.Capture(e); }
            finally { done.Set(); }
        });
        done.Wait();
        error?.Throw();
        return result;
    }

    public void Invoke(Action job) => Invoke(() => { job(); return 0; });

    public void Dispose()
    {
        _jobs.CompleteAdding();
        if (Thread.CurrentThread != _thread) _thread.Join();
        _jobs.Dispose();
    }
}
