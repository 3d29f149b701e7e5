using ViST.Trainer.Training;

namespace ViST.Trainer.Tests;

public class TrainingScheduleTests
{
    [Fact]
    public void DefaultScheduleReproducesTheAuthorsLearningRates()
    {
        // vist-upstream.md 2.2: effective LR per epoch, verified there against the authors' metrics.csv
        var s = new LearningRateSchedule();
        double[] expected = [5e-5, 2e-4, 3.5e-4, 5e-4, 6.5e-4, 8e-4];
        for (int e = 0; e <= 5; e++) Assert.Equal(expected[e], s.At(e), 12);
        for (int e = 6; e <= 18; e++) Assert.Equal(1e-4 + 3.5e-4 * (1 + Math.Cos(Math.PI * (e - 5) / 25)), s.At(e), 12);
        Assert.Equal(3.8442e-4, s.At(19), 8);
        double[] anneal = [3.5726e-4, 2.8615e-4, 1.9826e-4, 1.2716e-4, 1.0e-4];
        for (int e = 20; e <= 24; e++) Assert.Equal(anneal[e - 20], s.At(e), 8);
        for (int e = 25; e <= 29; e++) Assert.Equal(1e-4, s.At(e), 12);
    }

    [Fact]
    public void WithoutSwaTheCosineRunsToTheEnd()
    {
        var s = new LearningRateSchedule(SwaStartEpoch: null);
        Assert.Equal(1e-4 + 3.5e-4 * (1 + Math.Cos(Math.PI * 24 / 25)), s.At(29), 12);
    }

    [Fact]
    public void WindowSamplerDrawsWithoutReplacementDeterministically()
    {
        var sampler = new WindowSampler([300, 200], windowLength: 128, batchSize: 16, maxBatches: 48, seed: 7);
        Assert.Equal(173 + 73, sampler.WindowCount);
        Assert.Equal(246 / 16, sampler.BatchesPerEpoch);
        var e0 = sampler.Epoch(0).SelectMany(b => b).ToList();
        Assert.Equal(e0.Count, e0.Distinct().Count());
        Assert.All(e0, w => Assert.True(w.Start + w.Length <= (w.Segment == 0 ? 300 : 200)));
        Assert.Equal(e0, sampler.Epoch(0).SelectMany(b => b).ToList());
        Assert.NotEqual(e0, sampler.Epoch(1).SelectMany(b => b).ToList());
    }

    [Fact]
    public void WindowSamplerRejectsASplitShorterThanOneBatch()
    {
        var e = Assert.Throws<ArgumentException>(() => new WindowSampler([100], 128, 16, 48, 0));
        Assert.Contains("fewer than one batch", e.Message);
    }
}
