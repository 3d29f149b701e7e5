using System.Text.Json.Nodes;
using ViST.Renderer;
using ViST.RetinaModel;
using ViST.RetinaModel.IO;
using ViST.InSilico.Sweeps;

namespace ViST.InSilico.Analysis;

/// <summary>
/// Everything an analysis sees of a finished sweep: the spec (conditions, timing), the cells and the
/// recorded rates, float32 [conditions, repeats, frames, cells]; a way to re-render any run's stimulus
/// (frames are a pure function of scene and index, so analyses such as the STA need not store them);
/// and the model's RF masks when known.
/// </summary>
public sealed class SweepData(SweepSpec spec, IReadOnlyList<CellInfo> cells, float[] responses,
    Func<JsonObject, IFrameSource>? openScene = null, NdArray? rfMasks = null)
{
    public SweepSpec Spec { get; } = spec;
    public IReadOnlyList<CellInfo> Cells { get; } = cells;
    /// <summary>[conditions, repeats, frames, cells], stream-major as recorded.</summary>
    public float[] Responses { get; } = responses;
    public NdArray? RfMasks { get; } = rfMasks;

    public int Conditions => Spec.Conditions.Count;
    public int Repeats => Spec.Repeats;
    public int Frames => Spec.RecordFrames;
    public int CellCount => Cells.Count;

    public float At(int condition, int repeat, int frame, int cell) =>
        Responses[((condition * Repeats + repeat) * Frames + frame) * CellCount + cell];

    /// <summary>Scene time (s) of recorded frame <paramref name="frame"/>: warm-up frames come first.</summary>
    public double TimeOf(int frame) => FrameSpec.TimeOf(Spec.WarmupFrames + frame);

    /// <summary>Recorded frame index showing scene time <paramref name="seconds"/>, clamped to the recording.</summary>
    public int FrameAt(double seconds) =>
        Math.Clamp((int)Math.Round(seconds * FrameSpec.FrameRate) - Spec.WarmupFrames, 0, Frames);

    /// <summary>One cell's rate over the recorded frames, averaged over repeats (and over the given conditions).</summary>
    public double[] MeanTrace(int cell, params int[] conditions)
    {
        var t = new double[Frames];
        foreach (int c in conditions)
            for (int r = 0; r < Repeats; r++)
                for (int f = 0; f < Frames; f++) t[f] += At(c, r, f, cell);
        double n = conditions.Length * Repeats;
        for (int f = 0; f < Frames; f++) t[f] /= n;
        return t;
    }

    /// <summary>Opens the stimulus of one run exactly as the sweep showed it.</summary>
    public IFrameSource OpenRun(int condition, int repeat, string analysis) =>
        (openScene ?? throw new InvalidOperationException($"analysis '{analysis}' needs the stimulus frames, but no scene source was given"))
        (Spec.SceneFor(condition, repeat));
}
