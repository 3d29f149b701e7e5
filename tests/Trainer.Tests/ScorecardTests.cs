using ViST.InSilico.Scorecard;
using ViST.RetinaModel;
using ViST.RetinaModel.Ln;
using ViST.Tests;

namespace ViST.Trainer.Tests;

/// <summary>The retina scorecard checks itself: the LN retina, its own ground truth, scores perfectly; the same
/// retina with every cell's polarity flipped does not.</summary>
public class ScorecardTests
{
    static ScorecardOptions Short() => new(Path.Combine(AppContext.BaseDirectory, "scenes", "naturalistic.json"),
        Path.Combine(AppContext.BaseDirectory, "scenes", "sweeps"), MovieSeconds: 12, Trials: 8, Plots: true);

    [Fact]
    public void TheLnRetinaScoresPerfectly()
    {
        string dir = TestPaths.TempDir("scorecard");
        var card = new RetinaScorecard(Short(), n => new LnRetina(n), ModelIdentity.BuiltIn("ln")).Run(dir);
        Assert.Equal((90, 90, 90), (card.Flash.PolarityCorrect, card.Flash.TypeCorrect, card.Flash.Cells));
        Assert.Equal(90, card.SpatialFrequency.Within);
        Assert.Equal(90, card.Sta.CenterWithinPatch);
        Assert.Equal(90, card.Sta.PolarityCorrect);
        Assert.Equal(card.Movie.CeilingR, card.Movie.MeanR, 10);            // its prediction is its noise-free rate
        Assert.InRange(card.Movie.CcNorm, 0.9, 1.1);
        // three different movies (seeds 20240710, +1, +2) and Poisson seeds, each scored perfectly; the criterion is their mean
        var o = Short();
        Assert.Equal([o.MovieSeed, o.MovieSeed + 1, o.MovieSeed + 2], card.Movie.Movies.Select(m => m.Seed));
        Assert.Equal([o.PoissonSeed, o.PoissonSeed + 1, o.PoissonSeed + 2], card.Movie.Movies.Select(m => m.PoissonSeed));
        Assert.All(card.Movie.Movies, m => Assert.Equal(m.CeilingR, m.MeanR, 10));
        Assert.Equal(3, card.Movie.Movies.Select(m => Math.Round(m.CeilingR, 6)).Distinct().Count());
        Assert.Equal(card.Movie.Movies.Average(m => m.MeanR), card.Movie.MeanR, 12);
        Assert.Equal(3 * 12 * 30, card.Movie.Frames);
        var movies = card.ToJson()["movie"]!["movies"]!.AsArray();
        Assert.Equal(card.Movie.Movies.Select(m => m.Seed), movies.Select(m => (long)m!["seed"]!));
        Assert.True(File.Exists(Path.Combine(dir, "scorecard.png")));
        Assert.True(File.Exists(Path.Combine(dir, "scorecard.json")));
    }

    [Fact]
    public void ARetinaWithFlippedPolarityFailsPolarityAndTheMovie()
    {
        var flipped = LnMosaic.Cells.Select(c => c with
        {
            Type = c.Type switch
            {
                LnCellType.OnTransient => LnCellType.OffTransient, LnCellType.OffTransient => LnCellType.OnTransient,
                LnCellType.OnSustained => LnCellType.OffSustained, _ => LnCellType.OnSustained,
            },
        }).ToList();
        var card = new RetinaScorecard(Short() with { Plots = false }, n => new LnRetina(flipped, n), ModelIdentity.BuiltIn("ln-flipped"))
            .Run(TestPaths.TempDir("scorecard"));
        Assert.Equal(0, card.Flash.PolarityCorrect);
        Assert.Equal(0, card.Sta.PolarityCorrect);
        Assert.True(card.Movie.MeanR < 0.3, $"movie r {card.Movie.MeanR}");
        Assert.False(card.Goals().Single(g => g.Name == "flash polarity").Pass);
    }

    [Fact]
    public void TheBreakdownByTypeShowsWhichTypeIsWrong()
    {
        // OFF cells answer like ON cells (signs flipped); ON cells stay right. The population means mix the two.
        var offWrong = LnMosaic.Cells.Select(c => c with
        {
            Type = c.Type switch { LnCellType.OffTransient => LnCellType.OnTransient, LnCellType.OffSustained => LnCellType.OnSustained, _ => c.Type },
        }).ToList();
        var card = new RetinaScorecard(Short() with { Plots = false }, n => new LnRetina(offWrong, n), ModelIdentity.BuiltIn("ln-off-wrong"))
            .Run(TestPaths.TempDir("scorecard"));
        var byType = card.ByType().ToDictionary(t => t.Type);
        Assert.Equal(new[] { "OFF-sustained", "OFF-transient", "ON-sustained", "ON-transient" }, byType.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(90, byType.Values.Sum(t => t.Cells));
        Assert.Equal(LnMosaic.Cells.Count(c => c.Type == LnCellType.OffSustained), byType["OFF-sustained"].Cells);
        foreach (var on in new[] { "ON-transient", "ON-sustained" })
        {
            Assert.Equal(byType[on].Cells, byType[on].FlashPolarityCorrect);
            Assert.True(byType[on].MovieMeanR > 0.5, $"{on}: movie r {byType[on].MovieMeanR}");
        }
        foreach (var off in new[] { "OFF-transient", "OFF-sustained" })
        {
            Assert.Equal(0, byType[off].FlashPolarityCorrect);
            Assert.True(byType[off].MovieMeanR < 0.3, $"{off}: movie r {byType[off].MovieMeanR}");
        }
        var json = card.ToJson()["by_type"]!.AsArray();
        Assert.Equal(4, json.Count);
        Assert.Equal(byType["OFF-sustained"].FlashPolarityCorrect, (int)json.Single(t => (string)t!["type"]! == "OFF-sustained")!["flash_polarity_correct"]!);
    }

    [Fact]
    public void AModelWithOtherCellsIsRefusedByName()
    {
        var few = LnMosaic.Cells.Take(5).ToList();
        var e = Assert.Throws<InvalidDataException>(() =>
            new RetinaScorecard(Short(), n => new LnRetina(few, n), ModelIdentity.BuiltIn("ln5")).Run(TestPaths.TempDir("scorecard")));
        Assert.Contains("5 cells", e.Message);
    }
}
