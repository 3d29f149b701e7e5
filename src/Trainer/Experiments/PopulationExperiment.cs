using System.Globalization;
using System.Text;
using Spectre.Console;
using ViST.Cli;
using ViST.RetinaModel.Data.Datasets;
using ViST.Trainer.Evaluation;
using ViST.Trainer.Training;

namespace ViST.Trainer.Experiments;

/// <summary>
/// The complementary-coding experiment (vist-upstream.md 4.3): rank cells by the full model's held-out CC, then
/// train on populations of decreasing size that keep the best 8 cells (PopulationCells) and score those cells
/// (for one cell: that cell). DIR/ranking.csv, population.csv, population.md and population.png.
/// </summary>
public static class PopulationExperiment
{
    static readonly string[] MetricNames = ["top_cc", "cc_abs"];

    public static IReadOnlyList<GroupSummary> Run(ExperimentSettings s, IReadOnlyList<int> sizes, string? referenceRun)
    {
        var dataset = Dataset.Load(s.DatasetDir);
        var runs = new SubRuns(s.OutDir, dataset);
        int all = dataset.CellCount;
        foreach (int size in sizes)
            if (size < 1 || size > all) throw new ArgumentException($"--sizes: {size} cells is impossible, the dataset has {all}");
        int count = sizes.Count * s.Seeds.Length + (referenceRun is null && !sizes.Contains(all) ? 1 : 0), index = 0;

        var ccByCell = referenceRun is null
            ? runs.Ensure(Name(all, s.Seeds[0]), s.Base with { Seed = s.Seeds[0], Cells = null }, $"reference: all {all} cells, seed {s.Seeds[0]}", ++index, count)
                .Report.Pearson.PerNeuron
            : ReferenceCc(referenceRun, dataset, runs);
        if (referenceRun is null && sizes.Contains(all)) index--;       // the reference is the first run of the full size
        var ranked = PopulationCells.Rank(Enumerable.Range(0, all).ToArray(), ccByCell);
        WriteRanking(Path.Combine(runs.OutDir, "ranking.csv"), ranked, ccByCell, dataset);

        var results = new List<ExperimentResult>();
        foreach (int size in sizes)
            foreach (int seed in s.Seeds)
            {
                var cells = PopulationCells.Draw(ranked, size, seed);
                var o = s.Base with { Seed = seed, Cells = size == all ? null : cells };
                var eval = runs.Ensure(Name(size, seed), o, $"{size} cells ({CellSelection.Format(cells)}), seed {seed}", ++index, count);
                var top = PopulationCells.Top(ranked, size).Select(c => Array.IndexOf(cells, c)).ToArray();
                double topCc = top.Average(i => eval.Report.Pearson.PerNeuron[i]);
                results.Add(new ExperimentResult(size.ToString(CultureInfo.InvariantCulture), seed,
                    new Dictionary<string, double> { ["top_cc"] = topCc, ["cc_abs"] = eval.Report.Pearson.MeanAbs }));
            }

        var rows = ExperimentTable.Summarise(results, MetricNames);
        IReadOnlyList<string> Info(string size) => [string.Join(" ", PopulationCells.Top(ranked, int.Parse(size, CultureInfo.InvariantCulture)))];
        string[] infoColumns = ["top_cells"];
        ExperimentTable.WriteCsv(Path.Combine(runs.OutDir, "population.csv"), "cells", rows, MetricNames, infoColumns, Info);
        ExperimentTable.WriteMarkdown(Path.Combine(runs.OutDir, "population.md"), $"Complementary coding on {Path.GetFileName(Path.GetFullPath(s.DatasetDir).TrimEnd('/'))}",
            $"Models trained on populations of n cells that always contain the full model's best {PopulationCells.TopCount} " +
            $"(top_cells, dataset indices; the rest drawn at random per seed). top_cc = signed mean held-out r of the top cells " +
            $"present (for n = 1 that one cell), cc_abs = mean |r| over the whole population. {s.Base.Epochs} epochs x " +
            $"{s.Base.StepsPerEpoch} steps, backbone {s.Base.Backbone}, seeds {string.Join(",", s.Seeds)}; mean ± SD over seeds.",
            "cells", rows, MetricNames, infoColumns, Info);
        var points = rows.Select(r => (int.Parse(r.Group, CultureInfo.InvariantCulture), r.Mean("top_cc"), r.Sd("top_cc")))
            .OrderBy(p => p.Item1).ToList();
        ExperimentPlots.PopulationCurve(Path.Combine(runs.OutDir, "population.png"), points,
            $"top-{PopulationCells.TopCount} held-out r (mean ± SD)", "Complementary coding: top-cell r against population size");
        AblationExperiment.PrintTable(rows, MetricNames);
        return rows;
    }

    static string Name(int size, int seed) => $"n{size}-s{seed}";

    /// <summary>The held-out CC of every dataset cell under a finished run that models all of them.</summary>
    static double[] ReferenceCc(string dir, Dataset dataset, SubRuns runs)
    {
        var run = new TrainingRun(dir);
        var info = run.ReadRunInfo();
        if (Path.GetFullPath(info.Dataset).TrimEnd('/') != Path.GetFullPath(dataset.Directory).TrimEnd('/'))
            throw new UserInputException($"--reference {run.Directory}: it was trained on {info.Dataset}, not on {dataset.Directory}");
        var o = info.Options;
        if (o.Cells is { } c && c.Length != dataset.CellCount)
            throw new UserInputException($"--reference {run.Directory}: it models {c.Length} of the dataset's {dataset.CellCount} cells; the ranking needs a model of all of them");
        var data = runs.Data(o);
        AnsiConsole.MarkupLine($"[grey]ranking cells by the reference run {Markup.Escape(run.Directory)}[/]");
        var r = Evaluator.OfRun(run, data).Report.Pearson.PerNeuron;
        var cc = new double[dataset.CellCount];
        for (int i = 0; i < r.Length; i++) cc[data.CellIndices[i]] = r[i];
        return cc;
    }

    static void WriteRanking(string path, int[] ranked, double[] ccByCell, Dataset dataset)
    {
        var sb = new StringBuilder("rank,cell,id,type,cc\n");
        for (int k = 0; k < ranked.Length; k++)
        {
            int c = ranked[k];
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{k + 1},{c},{dataset.Cells[c].Id},{dataset.Cells[c].Type},{ccByCell[c]:G6}"));
        }
        File.WriteAllText(path, sb.ToString());
    }
}
