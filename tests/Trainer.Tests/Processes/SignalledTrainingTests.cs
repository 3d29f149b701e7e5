using ViST.Tests;
using ViST.Trainer.Commands;
using ViST.Trainer.Training;

namespace ViST.Trainer.Tests.Processes;

/// <summary>
/// `vist-train train` stopped by SIGTERM (a batch scheduler's notice, `kill`) in the middle of an epoch: it ends
/// after the step in hand with a checkpoint inside the epoch and exit code 75, and `--resume` continues from that step
/// to the same log (but the times) and the same final weights, bit for bit, as a run never stopped: every random
/// draw depends only on the seed, the epoch and the step, and the checkpoint holds the epoch's sums so far.
/// </summary>
public class SignalledTrainingTests
{
    [Fact]
    public void Training_stopped_by_SIGTERM_checkpoints_inside_the_epoch_and_resumes_to_the_same_run()
    {
        string dataset = TrainingPipelineTests.MakeDataset(), dir = TestPaths.TempDir();
        string whole = Path.Combine(dir, "whole"), stopped = Path.Combine(dir, "stopped");
        string[] Args(string run, params string[] more) => ResumedRun.TrainArgs(dataset, run,
            ["--epochs", "6", "--steps-per-epoch", "8", "--window", "32", "--swa-start", "4", "--video-layers", "1", "--threads", "1"], more);

        var uninterrupted = ProgramProcess.Run("vist-train", Args(whole), dir);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());

        ProgramOutput output;
        // through env --default-signal: a parent that ignores the signal would pass the ignore on (see the vist run test)
        using (var train = ProgramProcess.Start("/usr/bin/env", ["--default-signal=HUP,INT,TERM", ProgramProcess.PathOf("vist-train"), .. Args(stopped)], dir))
        {
            train.WaitUntil(() => train.StdoutSoFar.Contains("epoch 2/6: step 2/8"), "a quarter of epoch 2");
            train.Signal(15);
            output = train.WaitForExit(60);
        }
        Assert.True(output.ExitCode == TrainCommand.StoppedBySignal, output.ToString());
        // Where the signal lands depends on timing (after the second of epoch 2's steps, usually well before its end);
        // the log holds the epochs finished before it.
        var at = System.Text.RegularExpressions.Regex.Match(output.Stdout,
            @"stopped by a signal at step (\d+) in epoch (\d) of 6 \(checkpointed\); continue with `vist-train train --out .* --resume`");
        Assert.True(at.Success, output.ToString());
        int epoch = int.Parse(at.Groups[2].Value);
        Assert.DoesNotContain("   at ", output.Stdout + output.Stderr);
        var run = new TrainingRun(stopped);
        Assert.False(File.Exists(run.FinalWeights));
        Assert.Equal(epoch - 1, TrainingLog.Read(run.LogFile).Count);

        var resumed = ProgramProcess.Run("vist-train", Args(stopped, "--resume"), dir);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"resuming epoch {epoch} of 6 after its step {at.Groups[1].Value}", resumed.Stdout);
        ResumedRun.AssertSame(whole, stopped);
    }
}
