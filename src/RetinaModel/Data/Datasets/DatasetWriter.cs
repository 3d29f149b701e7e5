using System.Text.Json;
using ViST.RetinaModel.IO;

namespace ViST.RetinaModel.Data.Datasets;

/// <summary>Writes a dataset folder. Everything is checked as <see cref="Dataset.Load"/> would check it before the
/// arrays are written, so a bad import fails without leaving half a dataset.</summary>
public static class DatasetWriter
{
    /// <param name="frames">[F,360,360] uint8</param>
    /// <param name="rates">[F,N] spikes/s</param>
    /// <param name="trials">[R,F,N] spikes/s, or null</param>
    /// <param name="rfMasks">[N,16,16]</param>
    /// <param name="manifest">name, source, segments, splits, cells, stats; the counts are filled in here</param>
    public static Dataset Write(string dir, byte[] frames, float[] rates, float[]? trials, float[] rfMasks, DatasetManifest manifest)
    {
        if (frames.Length % FrameStore.Pixels != 0) throw new ArgumentException($"frames hold {frames.Length} bytes, not a whole number of {Dataset.FrameSize}x{Dataset.FrameSize} frames");
        int f = frames.Length / FrameStore.Pixels;
        var (m, ratesArray, trialsArray, masksArray) = Arrays(f, rates, trials, rfMasks, manifest);
        Dataset.Validate(dir, m, DType.UInt8, FramesShape(f), () => FrameStore.InMemory(frames), ratesArray, trialsArray, masksArray);
        Directory.CreateDirectory(dir);
        Npy.Write(Path.Combine(dir, Dataset.FramesFile), NdArray.Of(frames, FramesShape(f)));
        WriteAllButFrames(dir, m, ratesArray, trialsArray, masksArray);
        return Dataset.Load(dir);
    }

    /// <summary>Completes a dataset whose frames.npy is already in <paramref name="dir"/> (written frame by frame
    /// with an <see cref="NpyWriter"/>, for datasets too large to hold in memory).</summary>
    public static Dataset WriteAroundFrames(string dir, float[] rates, float[]? trials, float[] rfMasks, DatasetManifest manifest)
    {
        using var frames = NpyMap.Open(Path.Combine(dir, Dataset.FramesFile));
        var (m, ratesArray, trialsArray, masksArray) = Arrays((int)frames.Shape[0], rates, trials, rfMasks, manifest);
        Dataset.Validate(dir, m, frames.DType, frames.Shape, () => FrameStore.Mapped(frames), ratesArray, trialsArray, masksArray);
        WriteAllButFrames(dir, m, ratesArray, trialsArray, masksArray);
        return Dataset.Load(dir);
    }

    public static long[] FramesShape(int frames) => [frames, Dataset.FrameSize, Dataset.FrameSize];

    static (DatasetManifest, NdArray, NdArray?, NdArray) Arrays(int f, float[] rates, float[]? trials, float[] rfMasks, DatasetManifest manifest)
    {
        int n = manifest.CellInfo.Count;
        if (n == 0 || rates.Length != (long)f * n) throw new ArgumentException($"rates hold {rates.Length} values, expected frames x cells = {f} x {n}");
        int r = trials == null ? 0 : (int)(trials.LongLength / ((long)f * n));
        if (trials != null && trials.LongLength != (long)r * f * n) throw new ArgumentException($"trials hold {trials.Length} values, not a multiple of frames x cells");
        var m = manifest with { Frames = f, Cells = n, Trials = r };
        return (m, NdArray.Of(rates, f, n), trials == null ? null : NdArray.Of(trials, r, f, n),
            NdArray.Of(rfMasks, rfMasks.Length / (Dataset.MaskGrid * Dataset.MaskGrid), Dataset.MaskGrid, Dataset.MaskGrid));
    }

    static void WriteAllButFrames(string dir, DatasetManifest m, NdArray rates, NdArray? trials, NdArray masks)
    {
        Npy.Write(Path.Combine(dir, Dataset.RatesFile), rates);
        string trialsPath = Path.Combine(dir, Dataset.TrialsFile);
        if (trials != null) Npy.Write(trialsPath, trials);
        else if (File.Exists(trialsPath)) File.Delete(trialsPath);       // a stale one would contradict the manifest
        Npy.Write(Path.Combine(dir, Dataset.MasksFile), masks);
        File.WriteAllText(Path.Combine(dir, Dataset.ManifestFile), JsonSerializer.Serialize(m, DatasetManifest.Json) + "\n");
    }
}
