using ViST.Simulator.Display;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Audio;

/// <summary>
/// Applies solo notes ({"solo": [cells]}, posted by the window's S key or the dashboard) to the sound, at the frame
/// boundary where the loop put them, whichever front end posted them and whether or not a window is open.
/// A note naming a cell the retina does not have changes nothing (the posters check; this keeps the loop safe).
/// </summary>
public sealed class SoloNoteSink(SoundBoard board, int cells) : IFrameSink
{
    public void OnEvent(SimEvent e)
    {
        if (LiveKeys.SoloCells(e) is { } solo && solo.All(c => c >= 0 && c < cells)) board.Solo(solo);
    }

    public void OnFrame(FrameResult frame) { }
}
