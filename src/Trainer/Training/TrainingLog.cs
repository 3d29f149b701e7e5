using System.Globalization;

namespace ViST.Trainer.Training;

/// <summary>One row of log.csv.</summary>
public sealed record EpochRecord(int Epoch, double Lr, double TrainLoss, double TrainCorr, double ValLoss, double ValCorr,
    double ValCorrSigned, double Seconds, string Note = "");

/// <summary>log.csv: appended one row per finished epoch, so a crash keeps every finished epoch; on resume the
/// rows after the checkpoint's epoch are dropped.</summary>
public static class TrainingLog
{
    const string Header = "epoch,lr,train_loss,train_corr,val_loss,val_corr,val_corr_signed,seconds,note";

    public static void Append(string path, EpochRecord r)
    {
        bool fresh = !File.Exists(path);
        using var w = new StreamWriter(path, append: true);
        if (fresh) w.WriteLine(Header);
        var c = CultureInfo.InvariantCulture;
        w.WriteLine(string.Join(",", r.Epoch.ToString(c), r.Lr.ToString("G6", c), r.TrainLoss.ToString("G6", c),
            r.TrainCorr.ToString("G6", c), r.ValLoss.ToString("G6", c), r.ValCorr.ToString("G6", c),
            r.ValCorrSigned.ToString("G6", c), r.Seconds.ToString("F1", c), r.Note));
    }

    /// <summary>Keeps the header and the rows of epochs &lt;= <paramref name="lastEpoch"/>.</summary>
    public static void TruncateAfter(string path, int lastEpoch)
    {
        if (!File.Exists(path)) return;
        var keep = File.ReadAllLines(path).Where((line, i) => i == 0 ||
            (int.TryParse(line.Split(',')[0], CultureInfo.InvariantCulture, out int e) && e <= lastEpoch)).ToArray();
        File.WriteAllLines(path, keep);
    }

    public static IReadOnlyList<EpochRecord> Read(string path)
    {
        var c = CultureInfo.InvariantCulture;
        return File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var f = l.Split(',');
            return new EpochRecord(int.Parse(f[0], c), double.Parse(f[1], c), double.Parse(f[2], c), double.Parse(f[3], c),
                double.Parse(f[4], c), double.Parse(f[5], c), double.Parse(f[6], c), double.Parse(f[7], c), f.Length > 8 ? f[8] : "");
        }).ToList();
    }
}
