using System.Text.Json;
using ViST.RetinaModel.IO;
using ViST.RetinaModel.Metrics;
using ViST.Tests;

namespace ViST.RetinaModel.Tests;

/// <summary>The metrics against the authors' own code run on metrics_preds/target.npy [2, 12, 300].</summary>
public class MetricsTests
{
    static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(TestPaths.Golden("golden.json"))).RootElement.GetProperty("metrics");

    static double[][] Series(string file)
    {
        var a = Npy.Read(TestPaths.Golden(file));
        return NeuronSeries.FromBatched(a.ToFloat64(), a.Shape, file);
    }

    static readonly double[][] Pred = Series("metrics_preds.npy"), Target = Series("metrics_target.npy");

    static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Fact]
    public void PearsonPerNeuronMatches()
    {
        var r = Pearson.PerNeuron(Pred, Target);
        var want = Doubles(Golden.GetProperty("pearson_per_neuron"));
        Assert.Equal(want.Length, r.PerNeuron.Length);
        for (int c = 0; c < want.Length; c++) Assert.InRange(Math.Abs(r.PerNeuron[c] - want[c]), 0, 1e-6);
        Assert.InRange(Math.Abs(r.MeanAbs - Golden.GetProperty("pearson_abs_mean").GetDouble()), 0, 1e-6);
    }

    [Fact]
    public void ZScoredPearsonMatches()
    {
        var r = Pearson.ZScored(Pred, Target);
        var want = Doubles(Golden.GetProperty("modified_pearson_per_neuron"));
        for (int c = 0; c < want.Length; c++) Assert.InRange(Math.Abs(r.PerNeuron[c] - want[c]), 0, 1e-6);
        Assert.InRange(Math.Abs(r.MeanAbs - Golden.GetProperty("modified_pearson_mean").GetDouble()), 0, 1e-6);
    }

    [Theory]
    [InlineData("sd_kl", DensityDivergence.KullbackLeibler)]
    [InlineData("sd_tvd", DensityDivergence.TotalVariation)]
    public void SpikeDensityDivergenceMatches(string key, DensityDivergence divergence)
    {
        var got = SpikeDensityDivergence.PerNeuron(Pred, Target, divergence);
        var want = Doubles(Golden.GetProperty(key).GetProperty("per_neuron"));
        Assert.Equal(want.Length, got.PerNeuron.Length);
        for (int c = 0; c < want.Length; c++)
            Assert.True(Math.Abs(got.PerNeuron[c] - want[c]) <= 1e-4 * Math.Abs(want[c]), $"neuron {c}: {got.PerNeuron[c]} vs {want[c]}");
        double mean = Golden.GetProperty(key).GetProperty("mean").GetDouble();
        Assert.InRange(Math.Abs(got.Mean - mean), 0, 1e-4 * Math.Abs(mean));
    }
}
