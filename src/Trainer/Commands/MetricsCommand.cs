using System.CommandLine;
using ViST.Cli;
using ViST.RetinaModel.IO;
using ViST.RetinaModel.Metrics;

namespace ViST.Trainer.Commands;

/// <summary>
/// `vist-train metrics --pred P.npy --target T.npy [--trials R.npy]`: the authors' evaluation metrics (Pearson,
/// z-scored Pearson, SD-KL, SD-TVD) and, with repeated trials, the noise ceiling, as one JSON object.
/// </summary>
public static class MetricsCommand
{
    public static Command Create()
    {
        var pred = CliRunner.Required<FileInfo>("--pred", "predicted rates .npy, [N, neurons, frames] (model output layout) or [neurons, frames]");
        var target = CliRunner.Required<FileInfo>("--target", "target rates .npy, same shape as --pred");
        var trials = CliRunner.Optional<FileInfo>("--trials", "repeated trials .npy [trials, frames, neurons] for the noise ceiling; frames = N * frames of --pred");
        var indented = CliRunner.WithDefault("--indent", "pretty-print the JSON", false);
        var cmd = new Command("metrics", "Pearson r, SD-KL and SD-TVD per neuron (as the Vi-ST authors compute them), plus noise ceiling with --trials; prints JSON.")
        {
            pred, target, trials, indented,
        };
        cmd.SetAction(pr =>
        {
            var (p, pShape) = ReadFinite(pr.GetValue(pred)!);
            var (t, tShape) = ReadFinite(pr.GetValue(target)!);
            if (!pShape.SequenceEqual(tShape))
                throw new InvalidDataException($"{pr.GetValue(target)!.Name}: shape [{string.Join(",", tShape)}] differs from --pred's [{string.Join(",", pShape)}]");
            var predSeries = NeuronSeries.FromBatched(p, pShape, pr.GetValue(pred)!.Name);
            var targetSeries = NeuronSeries.FromBatched(t, tShape, pr.GetValue(target)!.Name);
            double[][][]? trialSeries = null;
            if (pr.GetValue(trials) is { } trialsFile)
            {
                var (r, rShape) = ReadFinite(trialsFile);
                if (rShape.Length != 3 || rShape[1] != predSeries[0].Length || rShape[2] != predSeries.Length)
                    throw new InvalidDataException($"{trialsFile.Name}: expected [trials, {predSeries[0].Length}, {predSeries.Length}] " +
                        $"(trials, N * frames, neurons), got [{string.Join(",", rShape)}]");
                trialSeries = NeuronSeries.FromTrials(r, rShape, trialsFile.Name);
            }
            Console.WriteLine(MetricsReport.Compute(predSeries, targetSeries, trialSeries).ToJson(pr.GetValue(indented)));
            return 0;
        });
        return cmd;
    }

    /// <summary>Reads an .npy as float64 and rejects NaN/inf with the file and the first bad index named: the
    /// authors' metrics would silently turn them into 0 or 1000.</summary>
    static (double[] Data, long[] Shape) ReadFinite(FileInfo file)
    {
        var a = Npy.Read(file.FullName);
        if (a.Rank is < 2 or > 3) throw new InvalidDataException($"{file.Name}: expected a 2-D or 3-D array, got {a.ShapeText}");
        var data = a.ToFloat64();
        int bad = Array.FindIndex(data, v => !double.IsFinite(v));
        if (bad >= 0) throw new InvalidDataException($"{file.Name}: value {data[bad]} at flat index {bad}; metrics need finite values");
        if (data.Length == 0) throw new InvalidDataException($"{file.Name}: empty array {a.ShapeText}");
        return (data, a.Shape);
    }
}
