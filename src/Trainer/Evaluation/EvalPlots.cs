using ScottPlot;

namespace ViST.Trainer.Evaluation;

/// <summary>The plots people look at after an evaluation: CC per cell, and predicted vs recorded traces.</summary>
public static class EvalPlots
{
    public static void Write(string dir, Evaluation e)
    {
        CorrelationPerCell(Path.Combine(dir, "cc_per_cell.png"), e);
        Traces(Path.Combine(dir, "traces.png"), e, cellsToShow: 4);
    }

    static void CorrelationPerCell(string path, Evaluation e)
    {
        var r = e.Report.Pearson.PerNeuron;
        var plt = new Plot();
        var bars = plt.Add.Bars(r);
        bars.Color = Colors.SteelBlue;
        plt.Add.HorizontalLine(e.Report.Pearson.Mean, 1, Colors.Black, LinePattern.Dashed);
        if (e.Report.NoiseCeiling is { } nc && double.IsFinite(nc.CcMax.Mean))
            plt.Add.HorizontalLine(nc.CcMax.Mean, 1, Colors.OrangeRed, LinePattern.Dotted);
        plt.Title($"{Path.GetFileName(e.Model)} on {Path.GetFileName(e.Dataset)} ({e.Split}): mean r {e.Report.Pearson.Mean:F3}");
        plt.XLabel("cell");
        plt.YLabel("Pearson r (held out)");
        plt.SavePng(path, 1000, 400);
    }

    static void Traces(string path, Evaluation e, int cellsToShow)
    {
        var r = e.Report.Pearson.PerNeuron;
        var best = Enumerable.Range(0, r.Length).OrderByDescending(i => r[i]).Take(cellsToShow).ToArray();
        var multi = new Multiplot();
        multi.AddPlots(best.Length);
        for (int k = 0; k < best.Length; k++)
        {
            int c = best[k];
            var p = multi.GetPlot(k);
            var time = Enumerable.Range(0, e.Target[c].Length).Select(t => t / 30.0).ToArray();
            var rec = p.Add.ScatterLine(time, e.Target[c]);
            rec.LegendText = "recorded"; rec.Color = Colors.Gray;
            var pre = p.Add.ScatterLine(time, e.Prediction[c]);
            pre.LegendText = "predicted"; pre.Color = Colors.OrangeRed;
            p.Title($"cell {e.Cells[c].Id} ({e.Cells[c].Type}): r = {r[c]:F3}");
            p.YLabel("spikes/s");
            if (k == best.Length - 1) p.XLabel("time in held-out frames / 30 Hz (s)");
            p.ShowLegend();
        }
        multi.SavePng(path, 1200, 250 * best.Length);
    }
}
