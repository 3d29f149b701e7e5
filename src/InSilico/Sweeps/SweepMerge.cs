using System.Text.Json.Nodes;
using ViST.Renderer;
using ViST.InSilico.Analysis;

namespace ViST.InSilico.Sweeps;

/// <summary>
/// Joins shard folders (each from `vist sweep --shard i/N`) into one output folder and finishes it, so the
/// result equals an unsharded run. Shards must come from the same sweep and model; every condition must be
/// present in at least one of them.
/// </summary>
public static class SweepMerge
{
    public static SweepStore Merge(IReadOnlyList<string> shardDirs, string outDir,
        Func<SweepSpec, Func<JsonObject, IFrameSource>?> sceneSourceFor, bool plots = true)
    {
        if (shardDirs.Count == 0) throw new InvalidDataException("sweep merge: give at least one shard folder");
        if (File.Exists(Path.Combine(outDir, SweepManifest.FileName)))
            throw new InvalidDataException($"sweep merge: {outDir} already holds a sweep run; merge into a new folder");
        var manifests = shardDirs.Select(SweepManifest.Read).ToList();
        var first = manifests[0];
        for (int i = 1; i < manifests.Count; i++)
        {
            if (manifests[i].SweepHash != first.SweepHash)
                throw new InvalidDataException($"sweep merge: {shardDirs[i]} ran a different sweep than {shardDirs[0]}");
            if (manifests[i].ModelHash != first.ModelHash)
                throw new InvalidDataException($"sweep merge: {shardDirs[i]} used model {manifests[i].ModelHash}, {shardDirs[0]} used {first.ModelHash}");
        }
        var spec = SweepSpec.Parse(first.Sweep, Path.Combine(shardDirs[0], SweepManifest.FileName), shardDirs[0]);
        if (spec.Hash != first.SweepHash)
            throw new InvalidDataException($"{Path.Combine(shardDirs[0], SweepManifest.FileName)}: the stored sweep does not match its hash (edited by hand?)");
        var analyses = AnalysisCatalog.CreateAll(spec);

        var merged = first with { ShardIndex = 0, ShardCount = 1 };
        var shards = shardDirs.Zip(manifests, (d, m) => SweepStore.Open(d, spec, m)).ToList();
        var store = SweepStore.Create(outDir, spec, merged, resume: false);
        for (int c = 0; c < spec.Conditions.Count; c++)
        {
            var from = shards.FirstOrDefault(s => s.Has(c))
                       ?? throw new InvalidDataException($"sweep merge: condition {c} is in none of the shard folders (an unfinished shard? rerun it with --resume)");
            store.CopyFrom(from, c);
        }
        string masks = Path.Combine(shardDirs[0], SweepFinalizer.RfMasksFile);
        if (File.Exists(masks)) File.Copy(masks, Path.Combine(outDir, SweepFinalizer.RfMasksFile), overwrite: true);
        SweepFinalizer.Finish(store, spec, analyses, SweepFinalizer.NeedsFrames(analyses) ? sceneSourceFor(spec) : null, plots);
        return store;
    }
}
