using ViST.Tests;
using ViST.Trainer.Training;

namespace ViST.Trainer.Tests.Processes;

/// <summary>
/// `vist-train train` killed with SIGKILL after its first checkpoint, then run again with `--resume`: it keeps the
/// epochs it finished, redoes the one it was in, and finishes. What the code guarantees is the same run: the
/// checkpoint holds the weights, AdamW's moments and the SWA average, and every random draw (windows, dropout)
/// depends only on the seed, the epoch and the step, so the resumed process computes what the uninterrupted one did, in the
/// same order on the same thread count; its log (but the times) and its final weights are identical, bit for bit.
/// </summary>
public class KilledTrainingTests
{
    [Fact]
    public void Training_killed_after_a_checkpoint_resumes_to_the_same_log_and_weights_as_an_uninterrupted_run()
    {
        string dataset = TrainingPipelineTests.MakeDataset(), dir = TestPaths.TempDir();
        string whole = Path.Combine(dir, "whole"), killed = Path.Combine(dir, "killed");
        string[] Args(string run, params string[] more) => ResumedRun.TrainArgs(dataset, run,
            ["--epochs", "3", "--steps-per-epoch", "2", "--window", "32", "--swa-start", "2", "--video-layers", "1", "--threads", "2"], more);

        var uninterrupted = ProgramProcess.Run("vist-train", Args(whole), dir);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());

        var run = new TrainingRun(killed);
        using (var train = ProgramProcess.Start("vist-train", Args(killed), dir))
        {
            train.WaitUntil(() => File.Exists(Path.Combine(run.CheckpointDir, "state.json")), "the first checkpoint");
            train.Kill();
        }
        Assert.False(File.Exists(run.FinalWeights));
        int finished = TrainingLog.Read(run.LogFile).Count;
        Assert.InRange(finished, 1, 2);

        var resumed = ProgramProcess.Run("vist-train", Args(killed, "--resume"), dir);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        ResumedRun.AssertSame(whole, killed);
    }
}
