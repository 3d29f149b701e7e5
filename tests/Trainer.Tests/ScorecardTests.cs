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
    public void AModelWithOtherCellsIsRefusedByName()
    {
        var few = LnMosaic.Cells.Take(5).ToList();
        var e = Assert.Throws<InvalidDataException>(() =>
            new RetinaScorecard(Short(), n => new LnRetina(few, n), ModelIdentity.BuiltIn("ln5")).Run(TestPaths.TempDir("scorecard")));
        Assert.Contains("5 cells", e.Message);
    }
}
