using ViST.RetinaModel;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Recording;

/// <summary>What a replay produced: rates [frames, cells] (row-major) and, when the same model was used,
/// how far they are from the recorded ones.</summary>
public sealed record ReplayResult(float[] Rates, int Frames, int Cells, double? MaxAbsDiffFromRecording, RunSummary Run);

/// <summary>
/// Re-renders the exact frames of a recording and scores them again: the stimulus is rebuilt from the recorded
/// scene JSON (its seed included) and every stimulus-changing event is re-applied at the frame it took effect at;
/// pauses are left out (the retina saw no frames during them either). With the recorded model the rates come
/// out the same; with another model this is how to ask "what would that retina have done in this experiment".
/// </summary>
public static class ReplayEngine
{
    public static ReplayResult Replay(RecordingContents recording, Func<string, Stimulus> stimulusFactory, IRetina retina,
        bool sameModel, IEnumerable<IFrameSink>? extraSinks = null)
    {
        var frames = recording.Frames;
        for (int i = 0; i < frames.Count; i++)
            if (frames[i].Index != i)
                throw new InvalidDataException($"{recording.Path}: frame {i} is recorded as index {frames[i].Index}; frames must run 0, 1, 2...");
        if (frames.Count == 0) throw new InvalidDataException($"{recording.Path}: no whole frames to replay");

        int cells = retina.Cells.Count;
        var rates = new float[(long)frames.Count * cells];
        var collect = new RateCollector(rates, cells);
        var info = new RunInfo(retina.Name, recording.Header.ModelHash, retina.Cells, recording.Header.StimulusJson, Paced: false);
        var loop = new SimulationLoop(() => stimulusFactory(recording.Header.StimulusJson), retina, info,
            new LoopOptions { Paced = false, MaxFrames = frames.Count }, [collect, .. extraSinks ?? []]);
        var replayed = recording.Events.Where(e => e.ChangesStimulus && e.Frame < frames.Count)
            .Select(e => (e, loop.Events.Post(e, atFrame: e.Frame))).ToList();
        var run = loop.Run();
        foreach (var (e, applied) in replayed)
            if (!applied.IsCompletedSuccessfully)
                throw new InvalidDataException($"{recording.Path}: the {RecordingFormat.KindName(e.Kind)} event at frame {e.Frame} " +
                    $"could not be replayed: {applied.Exception?.InnerException?.Message}");

        double? diff = null;
        if (sameModel && cells == recording.Header.Cells.Count)
        {
            double max = 0;
            for (int f = 0; f < frames.Count; f++)
                for (int c = 0; c < cells; c++)
                    max = Math.Max(max, Math.Abs(rates[(long)f * cells + c] - frames[f].Rates[c]));
            diff = max;
        }
        return new ReplayResult(rates, frames.Count, cells, diff, run);
    }

    sealed class RateCollector(float[] rates, int cells) : IFrameSink
    {
        public void OnFrame(FrameResult frame) => frame.Rates.CopyTo(rates, frame.Index * cells);
    }
}
