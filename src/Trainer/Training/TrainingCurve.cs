using ScottPlot;

namespace ViST.Trainer.Training;

/// <summary>
/// curve.png of a run, redrawn after every epoch from log.csv: the training loss and the held-out r (signed mean, and
/// mean |r| as upstream logs it) against optimizer steps, the SWA result as one marker at the end. A run of hours is
/// judged by its slope: whether more steps still pay.
/// </summary>
public static class TrainingCurve
{
    public static void Write(string path, IReadOnlyList<EpochRecord> log, int stepsPerEpoch, string title)
    {
        var epochs = log.Where(r => r.Note == "").ToList();
        if (epochs.Count == 0) return;
        double[] steps = epochs.Select(r => (r.Epoch + 1.0) * stepsPerEpoch).ToArray();

        var loss = new Plot();
        loss.Add.Scatter(steps, epochs.Select(r => r.TrainLoss).ToArray());
        loss.XLabel("optimizer steps");
        loss.YLabel("training loss (epoch mean)");
        loss.Title($"{title}: training loss");

        var r = new Plot();
        r.Add.Scatter(steps, epochs.Select(e => e.ValCorrSigned).ToArray()).LegendText = "mean r";
        r.Add.Scatter(steps, epochs.Select(e => e.ValCorr).ToArray()).LegendText = "mean |r|";
        if (log.LastOrDefault(e => e.Note != "") is { } swa)
        {
            var marker = r.Add.Marker(steps[^1], swa.ValCorrSigned, MarkerShape.FilledDiamond, 12);
            marker.LegendText = "SWA weights, mean r";
        }
        r.XLabel("optimizer steps");
        r.YLabel("held-out r after each epoch");
        r.Title($"{title}: held-out r");
        r.ShowLegend(Alignment.LowerRight);
        ViST.InSilico.Analysis.PlotPanels.SideBySide(path, 600, 420, loss, r);
    }
}
