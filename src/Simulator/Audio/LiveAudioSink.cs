using ViST.Simulator.Loop;

namespace ViST.Simulator.Audio;

/// <summary>Feeds each frame's rates to a sonifier that an <see cref="OpenAlPlayer"/> plays in real time.</summary>
public sealed class LiveAudioSink(Sonifier sonifier, OpenAlPlayer player) : IFrameSink, IDisposable
{
    public void OnFrame(FrameResult frame) => sonifier.Board.SetRates(frame.Rates);
    public void Dispose() => player.Dispose();
}
