using ViST.RetinaModel.IO;
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
        string[] Args(string run, params string[] more) =>
        [
            "train", dataset, "--out", run, "--backbone", "test", "--epochs", "3", "--steps-per-epoch", "2", "--batch", "2",
            "--window", "32", "--lr", "5e-3", "--warmup-epochs", "0", "--swa-start", "2", "--video-layers", "1", "--video-dim", "4",
            "--seed", "5", "--device", "cpu", "--threads", "2", .. more,
        ];

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

        var expected = TrainingLog.Read(new TrainingRun(whole).LogFile);
        var got = TrainingLog.Read(run.LogFile);
        Assert.Equal(expected.Select(r => r with { Seconds = 0 }), got.Select(r => r with { Seconds = 0 }));
        var (a, b) = (SafeTensors.Read(new TrainingRun(whole).FinalWeights), SafeTensors.Read(run.FinalWeights));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var key in a.Keys) Assert.True(a[key].ToFloat32().SequenceEqual(b[key].ToFloat32()), $"{key} differs");
    }
}
