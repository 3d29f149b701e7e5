using ViST.RetinaModel.Metrics;

namespace ViST.RetinaModel.Tests;

/// <summary>Inputs that make the metrics undefined give the authors' fallback values, never an exception.</summary>
public class MetricsTestsEdgeCases
{
    static double[] Bumps(int count, int period, double height)
    {
        var s = new double[count * period];
        for (int k = 0; k < count; k++)
            for (int t = 0; t < period; t++)
                s[k * period + t] = height * Math.Max(0, 1 - Math.Abs(t - period / 2.0) / (period / 4.0));
        return s;
    }

    static readonly double[] Irregular = Enumerable.Range(0, 300).Select(t => Math.Sin(0.3 * t) + Math.Sin(0.71 * t) + 0.5 * Math.Sin(1.3 * t)).ToArray();

    [Fact]
    public void ConstantSignalsGiveCorrelationZero()
    {
        var r = Pearson.PerNeuron([new double[50], Irregular[..50]], [Irregular[..50], Irregular[..50]]);
        Assert.Equal(0, r.PerNeuron[0]);
        Assert.Equal(1, r.PerNeuron[1], 12);
        Assert.Equal(0.5, r.MeanAbs, 12);
        Assert.Equal(1, r.MeanPositive, 12);
        Assert.Equal(0, Pearson.ZScored([new double[50]], [Irregular[..50]]).PerNeuron[0]);
    }

    [Fact]
    public void NoPositiveCorrelationLeavesThePositiveMeanUndefined()
    {
        var r = Pearson.PerNeuron([Irregular], [Irregular.Select(v => -v).ToArray()]);
        Assert.Equal(-1, r.Mean, 12);
        Assert.True(double.IsNaN(r.MeanPositive));
    }

    [Fact]
    public void NaNSamplesGiveCorrelationZeroAsUpstream()
    {
        var pred = (double[])Irregular.Clone();
        pred[10] = double.NaN;
        Assert.Equal(0, Pearson.PerNeuron([pred], [Irregular]).PerNeuron[0]);
    }

    [Fact]
    public void FewerThanTwoPeaksScore1000()
    {
        var onePeak = new double[300];
        onePeak[150] = 1;
        foreach (var d in Enum.GetValues<DensityDivergence>())
        {
            Assert.Equal(double.PositiveInfinity, SpikeDensityDivergence.Score(onePeak, Irregular, d));
            Assert.Equal([1000.0, 1000.0], SpikeDensityDivergence.PerNeuron([onePeak, new double[300]], [Irregular, Irregular], d).PerNeuron);
        }
    }

    [Fact]
    public void AllEqualWidthsAreASingularDensityAndScore1000()
    {
        var regular = Bumps(30, 10, 2.0);              // thirty identical bumps: every width the same
        Assert.Single(SpikeDensityDivergence.PeakWidths(regular).Distinct());
        Assert.Equal(double.PositiveInfinity, SpikeDensityDivergence.Score(regular, Irregular, DensityDivergence.KullbackLeibler));
        Assert.Equal(1000, SpikeDensityDivergence.PerNeuron([Irregular], [regular], DensityDivergence.TotalVariation).Mean);
    }

    [Fact]
    public void IdenticalSignalsScoreZeroAndNegativesAreClipped()
    {
        var score = SpikeDensityDivergence.Score(Irregular, Irregular, DensityDivergence.KullbackLeibler);
        Assert.Equal(0, score, 12);
        // Below-zero detail is invisible to the metric: only max(s, 0) counts.
        var deeper = Irregular.Select(v => v < 0 ? 3 * v : v).ToArray();
        Assert.Equal(SpikeDensityDivergence.PeakWidths(Irregular), SpikeDensityDivergence.PeakWidths(deeper));
    }

    [Fact]
    public void NaNSamplesGiveAFiniteScoreOr1000NeverAnException()
    {
        var pred = (double[])Irregular.Clone();
        for (int t = 0; t < pred.Length; t += 7) pred[t] = double.NaN;
        var all = SpikeDensityDivergence.PerNeuron([pred, Enumerable.Repeat(double.NaN, 300).ToArray()], [Irregular, Irregular], DensityDivergence.KullbackLeibler);
        Assert.All(all.PerNeuron, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(1000, all.PerNeuron[1]);
    }

    [Fact]
    public void MismatchedShapesAreAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => Pearson.PerNeuron([new double[5]], [new double[6]]));
        Assert.Contains("neuron 0", e.Message);
        Assert.Throws<ArgumentException>(() => NeuronSeries.FromBatched(new double[10], [2, 3, 2]));
    }
}
