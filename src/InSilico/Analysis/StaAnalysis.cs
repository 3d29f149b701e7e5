using ViST.Renderer;
using ViST.RetinaModel.IO;

namespace ViST.InSilico.Analysis;

/// <summary>
/// Receptive fields by spike-triggered average of white noise: every run's frames are re-rendered (they are a
/// pure function of the scene), binned to "grid" (default 16: 22.5 px bins) and averaged with the recorded
/// rates as weights over "lags" frames (default 16, about 0.5 s; lags reach into the warm-up when it is long
/// enough). Per cell: best_lag_frames / latency_s, the centre (center_x_px, center_y_px), sigma_px and polarity
/// (+1 ON, −1 OFF) of the space–time separated spatial STA (<see cref="GaussianMoments"/>), the distance to
/// the cell's stated RF centre, and, when the model has RF masks, the distance to the mask's centre and the
/// correlation of the spatial STA with the mask. The STAs go to NAME.npy, float32 [cells, lags, grid, grid].
/// </summary>
public sealed class StaAnalysis : ISweepAnalysis
{
    readonly int _grid, _lags;

    public string Name { get; }

    public StaAnalysis(AnalysisOptions options)
    {
        Name = options.Name;
        double grid = options.Number("grid", 16), lags = options.Number("lags", 16);
        if (grid != Math.Floor(grid) || grid < 2 || grid > FrameSpec.Width) throw options.Bad($"\"grid\" must be a whole number in [2, {FrameSpec.Width}]");
        if (lags != Math.Floor(lags) || lags < 1 || lags > options.Spec.RecordFrames)
            throw options.Bad($"\"lags\" must be a whole number in [1, {options.Spec.RecordFrames}] (the recorded frames)");
        (_grid, _lags) = ((int)grid, (int)lags);
    }

    public IReadOnlyList<AnalysisRow> Run(SweepData data, AnalysisOutput output)
    {
        var sta = Accumulate(data);
        var rows = new List<AnalysisRow>();
        var stas = new float[data.CellCount * _lags * _grid * _grid];
        var estimated = new List<(double, double)>();
        var reference = new List<(double, double)>();
        for (int cell = 0; cell < data.CellCount; cell++)
        {
            var s = sta.Finish(cell);
            for (int i = 0; i < s.Sta.Length; i++) stas[cell * s.Sta.Length + i] = (float)s.Sta[i];
            var rf = GaussianMoments.Fit(s.Spatial, _grid, _grid, sta.PixelsPerBin);
            var info = data.Cells[cell];
            rows.Add(new(cell, "best_lag_frames", s.BestLag));
            rows.Add(new(cell, "latency_s", s.BestLag < 0 ? double.NaN : s.BestLag / FrameSpec.FrameRate));
            rows.Add(new(cell, "center_x_px", rf.CenterX));
            rows.Add(new(cell, "center_y_px", rf.CenterY));
            rows.Add(new(cell, "sigma_px", rf.Sigma));
            rows.Add(new(cell, "polarity", rf.Polarity));
            if (double.IsFinite(info.CenterX) && double.IsFinite(info.CenterY))
                rows.Add(new(cell, "distance_to_cell_center_px", Distance(rf.CenterX, rf.CenterY, info.CenterX, info.CenterY)));
            if (data.RfMasks is { } masks) AddMaskComparison(rows, cell, masks, s.Spatial, rf);
            estimated.Add((rf.CenterX, rf.CenterY));
            reference.Add((info.CenterX, info.CenterY));
        }
        Npy.Write(output.FilePath(Name + ".npy"), stas, data.CellCount, _lags, _grid, _grid);
        if (output.Plots)
            SweepPlot.Displacements(output.PlotPath(Name), "STA receptive-field centres", estimated, reference, FrameSpec.Width);
        return rows;
    }

    SpikeTriggeredAverage Accumulate(SweepData data)
    {
        var sta = new SpikeTriggeredAverage(_grid, _lags, data.CellCount);
        var frame = new byte[FrameSpec.Pixels];
        int warmup = data.Spec.WarmupFrames, cells = data.CellCount;
        for (int c = 0; c < data.Conditions; c++)
            for (int r = 0; r < data.Repeats; r++)
            {
                using var source = data.OpenRun(c, r, Name);
                sta.BeginStream();
                for (int index = Math.Max(0, warmup - (_lags - 1)); index < warmup + data.Frames; index++)
                {
                    source.Render(index, frame);
                    var rates = index < warmup ? ReadOnlySpan<float>.Empty
                        : data.Responses.AsSpan(((c * data.Repeats + r) * data.Frames + index - warmup) * cells, cells);
                    sta.Add(frame, rates);
                }
            }
        return sta;
    }

    void AddMaskComparison(List<AnalysisRow> rows, int cell, NdArray masks, double[] spatial, GaussianMoments.Result rf)
    {
        if (masks.Rank != 3 || masks.Shape[0] <= cell || masks.Shape[1] != masks.Shape[2]) return;
        int g = (int)masks.Shape[1];
        var mask = masks.ToFloat64().AsSpan(cell * g * g, g * g).ToArray();
        var m = GaussianMoments.Fit(mask, g, g, (double)FrameSpec.Width / g);
        rows.Add(new(cell, "mask_center_x_px", m.CenterX));
        rows.Add(new(cell, "mask_center_y_px", m.CenterY));
        rows.Add(new(cell, "distance_to_mask_center_px", Distance(rf.CenterX, rf.CenterY, m.CenterX, m.CenterY)));
        // The STA resampled (nearest bin) onto the mask's grid, sign-corrected so an OFF centre counts as a match.
        var resampled = new double[g * g];
        for (int y = 0; y < g; y++)
            for (int x = 0; x < g; x++)
                resampled[y * g + x] = rf.Polarity * spatial[(y * _grid / g) * _grid + x * _grid / g];
        rows.Add(new(cell, "mask_correlation", Pearson(resampled, mask)));
    }

    static double Distance(double x0, double y0, double x1, double y1) => Math.Sqrt((x0 - x1) * (x0 - x1) + (y0 - y1) * (y0 - y1));

    static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }
}
