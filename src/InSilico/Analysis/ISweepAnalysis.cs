namespace ViST.InSilico.Analysis;

/// <summary>One per-cell result of an analysis: a number, or a label (cell types) with Value NaN.</summary>
public readonly record struct AnalysisRow(int Cell, string Measure, double Value, string? Label = null);

/// <summary>Where an analysis may write plots (plots/NAME.png) and extra arrays (NAME.npy).</summary>
public sealed record AnalysisOutput(string Dir, bool Plots)
{
    public string PlotPath(string name)
    {
        string d = Path.Combine(Dir, "plots");
        Directory.CreateDirectory(d);
        return Path.Combine(d, name + ".png");
    }

    public string FilePath(string name) => Path.Combine(Dir, name);
}

/// <summary>An analysis of a finished sweep, configured by one entry of the sweep's "analyses" list.
/// Rows come out cell by cell in cell order, so results.csv is a pure function of the responses.</summary>
public interface ISweepAnalysis
{
    /// <summary>The "analysis" column of results.csv (the entry's "name", or its type).</summary>
    string Name { get; }

    IReadOnlyList<AnalysisRow> Run(SweepData data, AnalysisOutput output);
}
