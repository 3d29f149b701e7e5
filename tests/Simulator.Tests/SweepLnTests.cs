using System.Globalization;
using ViST.Simulator.Commands;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>A ready sweep through the real renderer against the virtual LN retina, whose cell types are known.</summary>
[Collection(SweepConsoleCollection.Name)]
public class SweepLnTests
{
    [Fact]
    public void Flash_classification_of_the_ln_retina_gets_every_cell_type_right()
    {
        string outDir = Path.Combine(TestPaths.TempDir(), "flash");
        SweepCommand.Run(Path.Combine(TestPaths.RepoRoot, "scenes", "sweeps", "flash_classification.json"), "ln", outDir,
            0, 1, resume: false, batch: 8, plots: false, openBackend: SweepCommand.RealBackend);    // other tests swap the default seam
        var rows = File.ReadAllLines(Path.Combine(outDir, "results.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var agrees = rows.Where(r => r[^2] == "type_agrees").Select(r => double.Parse(r[^1], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(90, agrees.Count);
        Assert.All(agrees, a => Assert.Equal(1.0, a));
    }
}
