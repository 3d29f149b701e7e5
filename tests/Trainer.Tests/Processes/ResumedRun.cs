using ViST.RetinaModel.IO;
using ViST.Trainer.Training;

namespace ViST.Trainer.Tests.Processes;

/// <summary>What the interrupted-training tests share: the command line of a tiny `vist-train train` run, and what
/// "the same run" means for one that was interrupted and resumed.</summary>
static class ResumedRun
{
    /// <summary>`train` on <paramref name="dataset"/> into <paramref name="run"/>: a tiny network on the CPU, seed 5,
    /// with <paramref name="budget"/> (epochs, steps, window, SWA, threads...) and <paramref name="more"/> after it.</summary>
    public static string[] TrainArgs(string dataset, string run, string[] budget, params string[] more) =>
    [
        "train", dataset, "--out", run, "--backbone", "test", "--batch", "2", "--lr", "5e-3", "--warmup-epochs", "0",
        "--video-dim", "4", "--seed", "5", "--device", "cpu", .. budget, .. more,
    ];

    /// <summary>The resumed run's log equals the uninterrupted one's but for the times, and its final weights are
    /// the same, bit for bit.</summary>
    public static void AssertSame(string uninterrupted, string resumed)
    {
        var expected = TrainingLog.Read(new TrainingRun(uninterrupted).LogFile);
        var got = TrainingLog.Read(new TrainingRun(resumed).LogFile);
        Assert.Equal(expected.Select(r => r with { Seconds = 0 }), got.Select(r => r with { Seconds = 0 }));
        var (a, b) = (SafeTensors.Read(new TrainingRun(uninterrupted).FinalWeights), SafeTensors.Read(new TrainingRun(resumed).FinalWeights));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var key in a.Keys) Assert.True(a[key].ToFloat32().SequenceEqual(b[key].ToFloat32()), $"{key} differs");
    }
}
