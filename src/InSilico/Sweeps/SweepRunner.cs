using System.Text.Json.Nodes;
using ViST.Renderer;
using ViST.RetinaModel;

namespace ViST.InSilico.Sweeps;

/// <summary>How far a sweep run is: conditions persisted, and retina steps (one frame of every stream) done
/// out of the steps this run needs.</summary>
public readonly record struct SweepProgress(int ConditionsDone, int ConditionsTotal, long Steps, long StepsTotal);

/// <summary>
/// Runs sweep conditions through a retina as batches: each (condition, repeat) is one stream, so a retina opened
/// with 32 streams (<see cref="IRetina.MaxStreams"/>) presents 32 stimuli per step. Every batch starts from
/// <see cref="IRetina.Reset(int)"/> with as many streams as it has runs (the last batch is usually smaller, and
/// pays only for its own runs), shows warm-up frames (not recorded) and then the recorded frames.
/// A condition is written to the store as soon as all its repeats are done.
/// </summary>
public sealed class SweepRunner(SweepSpec spec, Func<JsonObject, IFrameSource> openScene, IRetina retina)
{
    /// <summary>Opens (and closes) every condition's scene once before anything runs, so that a value the
    /// renderer refuses (a contrast of 2, a negative size) stops the sweep at once, naming the condition,
    /// rather than hours later in the middle of a batch.</summary>
    public void CheckScenes(IReadOnlyList<int> conditions)
    {
        foreach (int c in conditions)
        {
            try
            {
                openScene(spec.SceneFor(c, 0)).Dispose();
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or FormatException)
            {
                string values = string.Join(", ", spec.Parameters.Select((p, i) => $"{p} = {spec.Conditions[c].Values[i].ToJsonString()}"));
                throw new InvalidDataException($"{spec.Source}: condition {c} ({values}): {e.Message}", e);
            }
        }
    }

    /// <summary>Runs the given conditions, skipping those already in <paramref name="store"/>;
    /// returns how many were computed. Cancelling stops between frames; finished conditions stay saved.</summary>
    public int Run(SweepStore store, IReadOnlyList<int> conditions, IProgress<SweepProgress>? progress = null,
        CancellationToken cancel = default)
    {
        int streams = retina.MaxStreams, cells = retina.Cells.Count;
        if (streams < 1) throw new InvalidOperationException($"retina {retina.Name} has {streams} streams");
        if (cells != store.Manifest.Cells.Count)
            throw new InvalidOperationException($"retina {retina.Name} has {cells} cells but the run's manifest lists {store.Manifest.Cells.Count}");

        var todo = conditions.Where(c => !store.Has(c)).ToList();
        int total = conditions.Count, done = total - todo.Count;
        var runs = todo.SelectMany(c => Enumerable.Range(0, spec.Repeats).Select(r => (Condition: c, Repeat: r))).ToList();
        long stepped = 0, steps = (long)((runs.Count + streams - 1) / streams) * spec.FramesPerRun;
        progress?.Report(new SweepProgress(done, total, 0, steps));

        var frames = new byte[streams * FrameSpec.Pixels];
        var rates = new float[streams * cells];
        var pending = new Dictionary<int, (float[] Data, int RepeatsLeft)>();
        int perRepeat = spec.RecordFrames * cells;

        foreach (var batch in runs.Chunk(streams))
        {
            var sources = new IFrameSource[batch.Length];
            var batchFrames = frames.AsSpan(0, batch.Length * FrameSpec.Pixels);
            var batchRates = rates.AsSpan(0, batch.Length * cells);
            try
            {
                for (int s = 0; s < batch.Length; s++) sources[s] = openScene(spec.SceneFor(batch[s].Condition, batch[s].Repeat));
                retina.Reset(batch.Length);
                for (int f = 0; f < spec.FramesPerRun; f++)
                {
                    cancel.ThrowIfCancellationRequested();
                    for (int s = 0; s < batch.Length; s++) sources[s].Render(f, batchFrames.Slice(s * FrameSpec.Pixels, FrameSpec.Pixels));
                    retina.Step(batchFrames, batchRates);
                    stepped++;
                    if (f < spec.WarmupFrames) continue;
                    for (int s = 0; s < batch.Length; s++)
                    {
                        var (c, r) = batch[s];
                        var row = batchRates.Slice(s * cells, cells);
                        foreach (var v in row)
                            if (!float.IsFinite(v))
                                throw new InvalidDataException($"retina {retina.Name} returned a non-finite rate ({v}) for condition {c}, repeat {r}, frame {f}");
                        if (!pending.TryGetValue(c, out var p)) pending[c] = p = (new float[spec.Repeats * perRepeat], spec.Repeats);
                        row.CopyTo(p.Data.AsSpan(r * perRepeat + (f - spec.WarmupFrames) * cells));
                    }
                    if (stepped % 30 == 0) progress?.Report(new SweepProgress(done, total, stepped, steps));
                }
            }
            finally
            {
                foreach (var s in sources) s?.Dispose();
            }
            foreach (var (c, _) in batch)
            {
                var p = pending[c];
                if (--p.RepeatsLeft > 0) { pending[c] = p; continue; }
                store.Save(c, p.Data);
                pending.Remove(c);
                done++;
                progress?.Report(new SweepProgress(done, total, stepped, steps));
            }
        }
        return todo.Count;
    }
}
