using ViST.RetinaModel;
using ViST.InSilico.Analysis;
using ViST.InSilico.Sweeps;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>The ready-made sweeps in scenes/sweeps/ parse, validate their analyses, and (where the fake
/// renderer can draw them) give the right answer on the fake retina.</summary>
public class SweepExamplesTests
{
    static string Example(string name) => Path.Combine(TestPaths.RepoRoot, "scenes", "sweeps", name + ".json");

    static readonly string[] All =
    [
        "orientation", "direction", "spatial_frequency", "temporal_frequency", "contrast", "size",
        "chirp", "moving_bar", "white_noise_sta", "flash_classification",
    ];

    public static TheoryData<string> Names() => new(All);

    [Theory]
    [MemberData(nameof(Names))]
    public void Example_sweep_loads_with_its_analyses(string name)
    {
        var spec = SweepSpec.Load(Example(name));
        Assert.Equal(name, spec.Name);
        Assert.NotEmpty(spec.Conditions);
        var analyses = AnalysisCatalog.CreateAll(spec);
        Assert.NotEmpty(analyses);
    }

    [Fact]
    public void Every_analysis_type_has_an_example()
    {
        var used = All.SelectMany(n => SweepSpec.Load(Example(n)).Analyses).Select(a => a["type"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(AnalysisCatalog.Types.Order(), used.Order());
    }

    [Fact]
    public void Flash_classification_example_recovers_the_fake_cells_types()
    {
        FakeCell[] cells = [new(0, 120, 120, 25, +1, false), new(1, 250, 200, 25, -1, true), new(2, 200, 90, 25, +1, true)];
        string dir = TestPaths.TempDir();
        var spec = SweepSpec.Load(Example("flash_classification"));
        using var retina = new TunedFakeRetina(cells, streams: 4);
        var store = SweepStore.Create(dir, spec, SweepManifest.For(spec, ModelIdentity.BuiltIn("fake"), retina.Cells, 0, 1), resume: false);
        new SweepRunner(spec, s => new FakeSceneSource(s), retina).Run(store, [0, 1]);
        SweepFinalizer.Finish(store, spec, AnalysisCatalog.CreateAll(spec), null, plots: false);

        var rows = File.ReadAllLines(Path.Combine(dir, ResultsCsv.FileName)).Select(l => l.Split(',')).Where(r => r[0] == "flash_classification").ToList();
        Assert.Equal(["ON-sustained", "OFF-transient", "ON-transient"], rows.Where(r => r[5] == "cell_type").Select(r => r[6]));
        Assert.Equal(["1", "1", "1"], rows.Where(r => r[5] == "type_agrees").Select(r => r[6]));
    }
}
