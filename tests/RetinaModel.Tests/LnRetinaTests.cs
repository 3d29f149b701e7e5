using ViST.RetinaModel.Data;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Ln;
using ViST.Tests;

namespace ViST.RetinaModel.Tests;

public class LnRetinaTests
{
    const int S = 360, Px = S * S;

    static byte[] Grey(int frames) => Enumerable.Repeat((byte)128, frames * Px).ToArray();

    static void Spot(byte[] frames, int frame, double cx, double cy, double radius, byte value)
    {
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
                if ((x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy) <= radius * radius)
                    frames[frame * Px + y * S + x] = value;
    }

    /// <summary>Rates [F, N] of a fresh single-stream retina.</summary>
    static float[] Run(LnRetina retina, byte[] frames)
    {
        int f = frames.Length / Px, n = retina.Cells.Count;
        var rates = new float[f * n];
        for (int i = 0; i < f; i++) retina.Step(frames.AsSpan(i * Px, Px), rates.AsSpan(i * n, n));
        return rates;
    }

    [Fact]
    public void Mosaic_is_fixed_90_cells_of_four_types_over_the_centre()
    {
        var cells = LnMosaic.Cells;
        Assert.Equal(90, cells.Count);
        Assert.Equal(Enumerable.Range(0, 90), cells.Select(c => c.Id));
        var counts = cells.GroupBy(c => c.TypeLabel).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(23, counts["ON-transient"]);
        Assert.Equal(23, counts["ON-sustained"]);
        Assert.Equal(22, counts["OFF-transient"]);
        Assert.Equal(22, counts["OFF-sustained"]);
        Assert.All(cells, c => Assert.InRange(c.CenterX, 45, 315));
        Assert.All(cells, c => Assert.InRange(c.CenterY, 45, 315));
        Assert.All(cells, c => Assert.InRange(c.SigmaCenter, 18, 35));
        Assert.All(cells, c => Assert.InRange(c.SigmaSurround / c.SigmaCenter, 2, 3));
        using var retina = new LnRetina();
        Assert.Equal(new CellInfo(0, "ON-transient", cells[0].CenterX, cells[0].CenterY), retina.Cells[0]);
    }

    [Fact]
    public void Bright_spot_on_an_ON_cell_excites_it_more_than_any_OFF_cell()
    {
        var on = LnMosaic.Cells.First(c => c.Type == LnCellType.OnTransient && c.Id > 40);
        var frames = Grey(20);
        for (int f = 8; f < 20; f++) Spot(frames, f, on.CenterX, on.CenterY, on.SigmaCenter, 255);
        using var retina = new LnRetina();
        var rates = Run(retina, frames);
        float Peak(int cell) => Enumerable.Range(0, 20).Max(f => rates[f * 90 + cell]);
        float baseline = rates[7 * 90 + on.Id];
        Assert.True(Peak(on.Id) > 20 * Math.Max(baseline, 0.1f), $"ON cell peak {Peak(on.Id)} vs baseline {baseline}");
        foreach (var off in LnMosaic.Cells.Where(c => c.Polarity < 0))
            Assert.True(Peak(on.Id) > 3 * Peak(off.Id), $"ON cell {on.Id} peak {Peak(on.Id)} vs OFF cell {off.Id} peak {Peak(off.Id)}");

        // the same spot dark: an OFF cell at the same place, with the same filters, is the one that fires
        var twins = new List<LnCell> { on with { Id = 0 }, on with { Id = 1, Type = LnCellType.OffTransient } };
        var dark = Grey(20);
        for (int f = 8; f < 20; f++) Spot(dark, f, on.CenterX, on.CenterY, on.SigmaCenter, 0);
        using var pair = new LnRetina(twins);
        var darkRates = Run(pair, dark);
        Assert.True(Enumerable.Range(0, 20).Max(f => darkRates[f * 2 + 1]) > 20 * Enumerable.Range(0, 20).Max(f => darkRates[f * 2]));
    }

    [Fact]
    public void Transient_cells_adapt_to_a_step_and_sustained_cells_keep_firing()
    {
        var frames = Grey(40);
        for (int f = 10; f < 40; f++) Spot(frames, f, 180, 180, 400, 200);           // whole frame steps brighter
        using var retina = new LnRetina();
        var rates = Run(retina, frames);
        double Mean(LnCellType t, int frame) => LnMosaic.Cells.Where(c => c.Type == t).Average(c => rates[frame * 90 + c.Id]);
        double peak = Enumerable.Range(10, 10).Max(f => Mean(LnCellType.OnTransient, f));
        Assert.True(Mean(LnCellType.OnTransient, 39) < 0.2 * peak, "ON-transient cells should fall back after a step");
        Assert.True(Mean(LnCellType.OnSustained, 39) > 5 * Mean(LnCellType.OnSustained, 9), "ON-sustained cells should stay above baseline");
    }

    [Fact]
    public void Preferred_spatial_frequency_is_the_peak_of_the_real_filter_response()
    {
        var cell = LnMosaic.Cells[44];                             // central, so the frame does not clip its surround
        var w = LnFilters.SpatialWeights(cell);
        double Response(double f)
        {
            double c = 0, s = 0;
            for (int i = 0; i < LnFilters.GridSize; i++)
                for (int j = 0; j < LnFilters.GridSize; j++)
                {
                    double phase = 2 * Math.PI * f * ((j + 0.5) * LnFilters.Downsample - cell.CenterX);
                    c += w[i * LnFilters.GridSize + j] * Math.Cos(phase);
                    s += w[i * LnFilters.GridSize + j] * Math.Sin(phase);
                }
            return Math.Sqrt(c * c + s * s);
        }
        var grid = Enumerable.Range(1, 200).Select(k => k * 0.0001).ToArray();      // up to 0.02 cycles/px
        double best = grid.MaxBy(Response);
        Assert.InRange(cell.PreferredSpatialFrequency, 0.002, 0.01);
        Assert.Equal(cell.PreferredSpatialFrequency, best, cell.PreferredSpatialFrequency * 0.1);
        Assert.Equal(cell.SpatialAmplitude(0.007), Response(0.007), 0.02);
    }

    [Fact]
    public void Streams_are_independent_and_reset_forgets_history()
    {
        var a = NaturalisticMovie.Frames(12, seed: 5);
        var b = NaturalisticMovie.Frames(12, seed: 6);
        using var one = new LnRetina();
        var ratesA = Run(one, a);
        one.Reset();
        Assert.Equal(ratesA, Run(one, a));
        var ratesB = Run(new LnRetina(), b);

        using var two = new LnRetina(streams: 2);
        var both = new byte[2 * Px];
        var out2 = new float[180];
        for (int f = 0; f < 12; f++)
        {
            a.AsSpan(f * Px, Px).CopyTo(both);
            b.AsSpan(f * Px, Px).CopyTo(both.AsSpan(Px));
            two.Step(both, out2);
            Assert.Equal(ratesA.AsSpan(f * 90, 90).ToArray(), out2[..90]);
            Assert.Equal(ratesB.AsSpan(f * 90, 90).ToArray(), out2[90..]);
        }
    }

    [Fact]
    public void Frames_of_the_wrong_size_are_refused()
    {
        using var retina = new LnRetina();
        var e = Assert.Throws<ArgumentException>(() => retina.Step(new byte[256 * 256], new float[90]));
        Assert.Contains("360x360", e.Message);
        Assert.Throws<ArgumentException>(() => retina.Step(new byte[Px], new float[89]));
        Assert.Throws<ArgumentException>(() => LnSimulation.Simulate(new byte[Px + 1], 2, 1));
    }

    [Fact]
    public void Poisson_trials_are_deterministic_with_the_seed()
    {
        var frames = NaturalisticMovie.Frames(30, seed: 7);
        var first = LnSimulation.Simulate(frames, 4, seed: 11);
        var again = LnSimulation.Simulate(frames, 4, seed: 11);
        var other = LnSimulation.Simulate(frames, 4, seed: 12);
        Assert.Equal(first.Trials, again.Trials);
        Assert.Equal(first.Rates, other.Rates);
        Assert.NotEqual(first.Trials, other.Trials);
        // more trials with the same seed keep the first ones: each trial has its own stream
        Assert.Equal(first.Trials, LnSimulation.Simulate(frames, 6, seed: 11).Trials[..first.Trials.Length]);
        // counts per 30 Hz bin, as spikes/s
        Assert.All(first.Trials, v => Assert.Equal(0, v / 30 - Math.Round(v / 30), 4));
    }

    [Fact]
    public void Poisson_mean_and_variance_match_the_rate()
    {
        var sampler = new PoissonSampler(3);
        foreach (double mean in new[] { 0.05, 0.8, 4, 45 })
        {
            var draws = Enumerable.Range(0, 40_000).Select(_ => (double)sampler.Next(mean)).ToArray();
            double m = draws.Average(), v = draws.Average(d => (d - m) * (d - m));
            Assert.Equal(mean, m, 4 * Math.Sqrt(mean / draws.Length));          // 4 standard errors
            Assert.Equal(mean, v, mean * 0.05 + 0.01);
        }

        var frames = NaturalisticMovie.Frames(60, seed: 8);
        var response = LnSimulation.Simulate(frames, 200, seed: 3);
        int per = response.Frames * response.Cells;
        double expected = response.Rates.Average(), empirical = response.Trials.Average();
        double se = Math.Sqrt(expected * 30 / ((double)per * 200)) * 30;              // of the mean of all bins
        Assert.Equal(expected, empirical, 4 * se);
    }

    [Fact]
    public void Naturalistic_movie_gives_real_mean_rates_and_reliability()
    {
        var frames = NaturalisticMovie.Frames(900, seed: 3);
        var response = LnSimulation.Simulate(frames, 30, seed: 1);
        // real Dryad movie recordings: 2.3 spikes/s on average, split-half r 0.905-0.958 at 33 ms bins
        Assert.InRange(response.Rates.Average(), 1.5, 3.5);
        var (_, r) = Reliability.SplitHalf(response.Trials, 30, response.Frames, response.Cells);
        Assert.InRange(r, 0.85, 0.96);
    }

    [Fact]
    public void Synthetic_dataset_holds_the_rates_trials_true_masks_and_ground_truth()
    {
        var frames = NaturalisticMovie.Frames(40, seed: 9);
        string dir = Path.Combine(TestPaths.TempDir(), "ln");
        LnSimulation.WriteDataset(dir, frames, seed: 5, trials: 3);
        var d = Dataset.Load(dir);
        var expected = LnSimulation.Simulate(frames, 3, seed: 5);
        Assert.Equal((40, 90, 3), (d.FrameCount, d.CellCount, d.TrialCount));
        Assert.Equal(expected.Rates, d.Rates);
        Assert.Equal(expected.Trials, d.Trials);
        Assert.Equal(frames, d.Frames.ToArray());
        Assert.Equal("ON-transient", d.Cells[0].Type);
        Assert.Equal("within-synthetic", d.GetSplit().Name);

        var truth = LnSimulation.ReadGroundTruth(dir);
        Assert.Equal(LnMosaic.Cells, truth);
        Assert.Contains("\"preferred_spatial_frequency\"", File.ReadAllText(Path.Combine(dir, LnSimulation.GroundTruthFile)));
        // true masks: the centre Gaussian, largest on the patch holding the cell's centre
        var c = LnMosaic.Cells[34];                                  // centre (173.25, 150): inside patch (6, 7)
        var mask = d.RfMasks.AsSpan(34 * 256, 256).ToArray();
        Assert.Equal((int)(c.CenterY / 22.5) * 16 + (int)(c.CenterX / 22.5), Array.IndexOf(mask, mask.Max()));
    }
}
