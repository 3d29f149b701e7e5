namespace ViST.RetinaModel;

/// <summary>One model cell: its id, a type label (e.g. "ON-transient", or "unknown" for recorded cells)
/// and its receptive-field centre in stimulus pixels (x right, y down, origin at the top-left corner).</summary>
public sealed record CellInfo(int Id, string Type, double CenterX, double CenterY);

/// <summary>
/// A virtual retina: frames in, firing rates (spikes/s) out, one call per frame.
/// It keeps the history its temporal filters need, for <see cref="Streams"/> independent stimulus streams
/// at once (1 for a live run; many for a sweep, which steps all conditions as one batch).
/// Frames are 360x360 uint8 luminance, row-major, top row first (DESIGN.md frame contract).
/// </summary>
public interface IRetina : IDisposable
{
    string Name { get; }
    IReadOnlyList<CellInfo> Cells { get; }
    /// <summary>The streams the retina was opened with: the most one step can advance.</summary>
    int MaxStreams { get; }
    /// <summary>The streams each step advances now: <see cref="MaxStreams"/>, or fewer after <see cref="Reset(int)"/>.</summary>
    int Streams { get; }

    /// <summary>Advances every stream by one frame. <paramref name="frames"/> holds Streams frames
    /// back to back; <paramref name="rates"/> receives Streams x Cells rates, stream-major.</summary>
    void Step(ReadOnlySpan<byte> frames, Span<float> rates);

    /// <summary>Forgets all history (as at the start of a run).</summary>
    void Reset();

    /// <summary>Forgets all history and from now on advances only <paramref name="streams"/> streams (1 to
    /// <see cref="MaxStreams"/>), so a sweep's last, partial batch pays only for the runs it has. A stream's rates
    /// do not depend on how many streams run beside it.</summary>
    void Reset(int streams);
}
