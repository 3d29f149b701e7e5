using System.Text.Json;
using ViST.RetinaModel.IO;

namespace ViST.RetinaModel.Data.Datasets;

/// <summary>Writes a dataset folder. Everything is checked as <see cref="Dataset.Load"/> would check it before any
/// file is written, so a bad import fails without leaving half a dataset.</summary>
public static class DatasetWriter
{
    /// <param name="frames">[F,360,360] uint8</param>
    /// <param name="rates">[F,N] spikes/s</param>
    /// <param name="trials">[R,F,N] spikes/s, or null</param>
    /// <param name="rfMasks">[N,16,16]</param>
    /// <param name="manifest">name, source, segments, splits, cells, stats; the counts are filled in here</param>
    public static Dataset Write(string dir, byte[] frames, float[] rates, float[]? trials, float[] rfMasks, DatasetManifest manifest)
    {
        const int px = Dataset.FrameSize * Dataset.FrameSize;
        if (frames.Length % px != 0) throw new ArgumentException($"frames hold {frames.Length} bytes, not a whole number of {Dataset.FrameSize}x{Dataset.FrameSize} frames");
        int f = frames.Length / px;
        int n = manifest.CellInfo.Count;
        if (n == 0 || rates.Length != (long)f * n) throw new ArgumentException($"rates hold {rates.Length} values, expected frames x cells = {f} x {n}");
        int r = trials == null ? 0 : trials.Length / (f * n);
        if (trials != null && trials.Length != (long)r * f * n) throw new ArgumentException($"trials hold {trials.Length} values, not a multiple of frames x cells");
        manifest = manifest with { Frames = f, Cells = n, Trials = r };

        var framesArray = NdArray.Of(frames, f, Dataset.FrameSize, Dataset.FrameSize);
        var ratesArray = NdArray.Of(rates, f, n);
        var trialsArray = trials == null ? null : NdArray.Of(trials, r, f, n);
        var masksArray = NdArray.Of(rfMasks, rfMasks.Length / (Dataset.MaskGrid * Dataset.MaskGrid), Dataset.MaskGrid, Dataset.MaskGrid);
        var dataset = Dataset.Validate(dir, manifest, framesArray, ratesArray, trialsArray, masksArray);

        Directory.CreateDirectory(dir);
        Npy.Write(Path.Combine(dir, Dataset.FramesFile), framesArray);
        Npy.Write(Path.Combine(dir, Dataset.RatesFile), ratesArray);
        string trialsPath = Path.Combine(dir, Dataset.TrialsFile);
        if (trialsArray != null) Npy.Write(trialsPath, trialsArray);
        else if (File.Exists(trialsPath)) File.Delete(trialsPath);       // a stale one would contradict the manifest
        Npy.Write(Path.Combine(dir, Dataset.MasksFile), masksArray);
        File.WriteAllText(Path.Combine(dir, Dataset.ManifestFile), JsonSerializer.Serialize(manifest, DatasetManifest.Json) + "\n");
        return dataset;
    }
}
