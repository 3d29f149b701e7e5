using System.Text.Json.Nodes;
using ViST.Renderer;
using ViST.RetinaModel.IO;
using ViST.InSilico.Analysis;

namespace ViST.InSilico.Sweeps;

/// <summary>
/// Turns a folder with every condition finished into the sweep's results: responses.npy (float32
/// [conditions, repeats, frames, cells]), results.csv, the analyses' plots and arrays. A pure function of the
/// folder's condition files, manifest and rf_masks.npy, which is why an unsharded run and merged shards
/// give identical files.
/// </summary>
public static class SweepFinalizer
{
    public const string ResponsesFile = "responses.npy";
    public const string RfMasksFile = "rf_masks.npy";

    /// <summary>Writes the results and returns every analysis's rows, by analysis name.</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<AnalysisRow> Rows)> Finish(SweepStore store, SweepSpec spec, IReadOnlyList<ISweepAnalysis> analyses,
        Func<JsonObject, IFrameSource>? openScene, bool plots = true)
    {
        var missing = Enumerable.Range(0, spec.Conditions.Count).Where(c => !store.Has(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{store.Dir}: {missing.Count} of {spec.Conditions.Count} conditions are not finished " +
                                           $"(first: {string.Join(", ", missing.Take(10))})");
        var cells = store.Manifest.Cells;
        int perCondition = spec.Repeats * spec.RecordFrames * cells.Count;
        var responses = new float[spec.Conditions.Count * perCondition];
        for (int c = 0; c < spec.Conditions.Count; c++) store.Load(c).CopyTo(responses, c * perCondition);
        AtomicFile.Write(Path.Combine(store.Dir, ResponsesFile),
            tmp => Npy.Write(tmp, responses, spec.Conditions.Count, spec.Repeats, spec.RecordFrames, cells.Count));

        string masksPath = Path.Combine(store.Dir, RfMasksFile);
        var masks = File.Exists(masksPath) ? Npy.Read(masksPath) : null;
        var data = new SweepData(spec, cells, responses, openScene, masks);
        var output = new AnalysisOutput(store.Dir, plots);
        var results = analyses.Select(a => (a.Name, a.Run(data, output))).ToList();
        ResultsCsv.Write(Path.Combine(store.Dir, ResultsCsv.FileName), data, results);
        return results;
    }

    /// <summary>Whether any analysis needs to re-render the stimulus (merge then needs a scene source).</summary>
    public static bool NeedsFrames(IEnumerable<ISweepAnalysis> analyses) => analyses.Any(a => a is StaAnalysis);
}
