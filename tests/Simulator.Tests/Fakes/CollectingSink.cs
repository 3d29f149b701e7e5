using ViST.Simulator.Loop;

namespace ViST.Simulator.Tests.Fakes;

/// <summary>Keeps everything a run delivered, for assertions (thread-safe: tests read it while the loop runs).</summary>
public sealed class CollectingSink : IFrameSink
{
    readonly List<FrameResult> _frames = [];
    readonly List<SimEvent> _events = [];
    public RunInfo? Info { get; private set; }
    public RunSummary? Summary { get; private set; }
    public Action<FrameResult>? OnEachFrame { get; set; }

    public List<FrameResult> Frames { get { lock (_frames) return _frames.ToList(); } }
    public List<SimEvent> Events { get { lock (_events) return _events.ToList(); } }

    public void Start(RunInfo info) => Info = info;
    public void OnEvent(SimEvent e) { lock (_events) _events.Add(e); }
    public void OnFrame(FrameResult frame)
    {
        lock (_frames) _frames.Add(frame);
        OnEachFrame?.Invoke(frame);
    }
    public void End(RunSummary summary) => Summary = summary;
}
