using ViST.RetinaModel.Metrics;

namespace ViST.RetinaModel.Tests;

public class MetricsTestsNoiseCeiling
{
    const int Frames = 4000, Trials = 8;

    static double Signal(int t) => Math.Sin(0.05 * t) + 0.5 * Math.Sin(0.23 * t);

    /// <summary>[neuron][trial][frame]: neuron 0 noise-free, neuron 1 signal plus unit-variance noise.</summary>
    static double[][][] MakeTrials()
    {
        var rng = new Random(11);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var clean = Enumerable.Range(0, Trials).Select(_ => Enumerable.Range(0, Frames).Select(Signal).ToArray()).ToArray();
        var noisy = Enumerable.Range(0, Trials).Select(_ => Enumerable.Range(0, Frames).Select(t => Signal(t) + Gauss()).ToArray()).ToArray();
        return [clean, noisy];
    }

    [Fact]
    public void ThePerfectPredictionReachesTheCeiling()
    {
        var trials = MakeTrials();
        var truth = Enumerable.Range(0, Frames).Select(Signal).ToArray();
        var report = NoiseCeiling.Compute([truth, truth], trials);

        Assert.Equal(1, report.SplitHalf.PerNeuron[0], 12);
        Assert.Equal(1, report.CcMax.PerNeuron[0], 12);
        Assert.Equal(1, report.CcNorm.PerNeuron[0], 12);
        Assert.Equal(1, report.Feve.PerNeuron[0], 12);

        // Signal variance 0.625, noise 1: the trial mean keeps 1/8 of the noise.
        double expectedCcMax = Math.Sqrt(0.625 / (0.625 + 1.0 / Trials));
        Assert.Equal(expectedCcMax, report.CcMax.PerNeuron[1], 2);
        Assert.Equal(1, report.CcNorm.PerNeuron[1], 1);
        Assert.Equal(1, report.Feve.PerNeuron[1], 1);
        Assert.Equal(0.625 / 1.625, report.ExplainableVariance.PerNeuron[1], 1);
        // Halves of 4 trials: r = 0.625 / (0.625 + 0.25); Spearman-Brown steps it up to 8 trials.
        double half = 0.625 / 0.875;
        Assert.Equal(half, report.SplitHalf.PerNeuron[1], 1);
        Assert.Equal(2 * half / (1 + half), report.SplitHalfSpearmanBrown.PerNeuron[1], 1);
    }

    [Fact]
    public void AWorsePredictionScoresLower()
    {
        var trials = MakeTrials();
        var partial = Enumerable.Range(0, Frames).Select(t => Math.Sin(0.05 * t)).ToArray();   // misses one component
        var report = NoiseCeiling.Compute([partial, partial], trials);
        Assert.InRange(report.CcNorm.PerNeuron[1], 0.8, 0.95);                   // sqrt(0.5 / 0.625) = 0.894
        Assert.InRange(report.Feve.PerNeuron[1], 0.75, 0.85);                    // 1 - 0.125 / 0.625 = 0.8
    }

    [Fact]
    public void OneTrialLeavesEverythingUndefinedAndNoiseOnlyHasNoCeiling()
    {
        var single = NoiseCeiling.Compute([new double[10]], [[Enumerable.Range(0, 10).Select(t => (double)t).ToArray()]]);
        Assert.True(double.IsNaN(single.CcNorm.PerNeuron[0]));
        Assert.True(double.IsNaN(single.SplitHalf.Mean));
        var rng = new Random(3);
        var noise = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 50).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var constantSignal = Enumerable.Range(0, 4).Select(_ => new double[50]).ToArray();
        var report = NoiseCeiling.Compute([new double[50]], [constantSignal]);
        Assert.True(double.IsNaN(report.CcNorm.PerNeuron[0]));
        Assert.True(double.IsNaN(report.Feve.PerNeuron[0]));
        var noiseOnly = NoiseCeiling.Compute([noise[0]], [noise]);              // defined, but near no reliability
        Assert.InRange(noiseOnly.SplitHalf.PerNeuron[0], -0.6, 0.6);
    }

    [Fact]
    public void TrialsOfTheWrongLengthAreAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => NoiseCeiling.Compute([new double[10]], [[new double[9], new double[9]]]));
        Assert.Contains("10 frames", e.Message);
    }
}
