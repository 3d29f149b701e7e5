using ViST.RetinaModel;

namespace ViST.Simulator.Loop;

/// <summary>Who is running: written at the top of a recording, sent in the control protocol's hello.</summary>
public sealed record RunInfo(string ModelName, string ModelHash, IReadOnlyList<CellInfo> Cells, string StimulusJson, bool Paced);

/// <summary>
/// Receives the results of a run: display, audio, recorder, control stream, controllers. All calls come from the
/// loop's model thread, in order (events of a boundary before the frame that follows it), so a sink needs no locks
/// unless it shares state with other threads itself. A sink must be quick: it holds up the model thread.
/// </summary>
public interface IFrameSink
{
    void Start(RunInfo info) { }
    void OnEvent(SimEvent e) { }
    void OnFrame(FrameResult frame);
    void End(RunSummary summary) { }
}
