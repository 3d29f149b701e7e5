using System.Text.Json.Nodes;
using ViST.InSilico.Analysis;
using ViST.InSilico.Sweeps;

namespace ViST.Simulator.Tests;

public class SweepSpecTests
{
    const string Scene = """
        { "seed": 3, "background": 0.5,
          "layers": [ { "type": "grating", "id": "g", "orientation_deg": 0, "cycles_per_px": 0.02, "temporal_hz": 2, "contrast": 0.5 } ] }
        """;

    static SweepSpec Parse(string body) =>
        SweepSpec.Parse(JsonNode.Parse($$"""{ "scene": {{Scene}}, "duration_s": 1, {{body}} }""")!.AsObject(), "my-sweep.json", ".");

    [Fact]
    public void Grid_is_the_cartesian_product_first_parameter_outermost_then_the_list()
    {
        var spec = Parse("""
            "grid": { "g.orientation_deg": [0, 90], "g.contrast": {"logspace": [0.1, 1, 3]} },
            "list": [ { "g.orientation_deg": 45, "g.contrast": 0.3 } ]
            """);
        Assert.Equal(["g.orientation_deg", "g.contrast"], spec.Parameters);
        var rows = spec.Conditions.Select(c => (c.Number(0), c.Number(1))).ToList();
        Assert.Equal([(0, 0.1), (0, 0.316227766017), (0, 1), (90, 0.1), (90, 0.316227766017), (90, 1), (45, 0.3)], rows);
        Assert.Equal(30, spec.RecordFrames);
    }

    [Fact]
    public void Condition_scenes_set_the_swept_values_and_advance_the_seed_per_repeat()
    {
        var spec = Parse("""  "grid": { "g.orientation_deg": {"linspace": [0, 90, 4]}, "background": [0.25] }, "repeats": 2 """);
        var scene = spec.SceneFor(2, 1);
        Assert.Equal(60, scene["layers"]![0]!["orientation_deg"]!.GetValue<double>());
        Assert.Equal(0.25, scene["background"]!.GetValue<double>());
        Assert.Equal(4, scene["seed"]!.GetValue<long>());
        Assert.Equal(0, spec.BaseScene["layers"]![0]!["orientation_deg"]!.GetValue<int>());   // the base is not modified
    }

    [Fact]
    public void Shards_partition_the_conditions()
    {
        var spec = Parse("""  "grid": { "g.orientation_deg": {"linspace": [0, 330, 12]} } """);
        var all = Enumerable.Range(0, 5).SelectMany(i => spec.ShardConditions(i, 5)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 12), all);
        Assert.Equal([1, 6, 11], spec.ShardConditions(1, 5));
    }

    [Theory]
    [InlineData("""  "grid": { "g.orientaton_deg": [0, 90] } """, "layer 'g' has no parameter 'orientaton_deg'")]
    [InlineData("""  "grid": { "grating.contrast": [0.5] } """, "no layer with id 'grating'")]
    [InlineData("""  "grid": { "g.type": ["bar"] } """, "layer 'g' has no parameter 'type'")]
    [InlineData("""  "grid": { "brightness": [1] } """, "no top-level key 'brightness'")]
    [InlineData("""  "grid": { "g.contrast": [] } """, "empty grid")]
    [InlineData("""  "grid": { } """, "at least one parameter")]
    [InlineData("""  "grid": { "g.contrast": {"linspace": [0, 1]} } """, "[from, to, count]")]
    [InlineData("""  "list": [ { "g.contrast": 1 }, { "g.orientation_deg": 1 } ] """, "every condition must set exactly")]
    [InlineData("""  "grid": { "g.contrast": [1] }, "duraton_s": 2 """, "unknown key 'duraton_s'")]
    [InlineData("""  "grid": { "g.contrast": [1] }, "repeats": 0 """, "repeats must be a whole number >= 1")]
    [InlineData("""  "grid": { "g.contrast": [1] }, "name": 3 """, "\"name\" must be a string")]
    [InlineData(""" "warmup_s": 1 """, "nothing to sweep")]
    public void Bad_sweeps_are_rejected_naming_the_file_and_the_problem(string body, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => Parse(body));
        Assert.StartsWith("my-sweep.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("""[ { "type": "orientation", "parameter": "g.contrast" } ]""", "does not vary")]
    [InlineData("""[ { "type": "orientaton" } ]""", "unknown analysis type 'orientaton'")]
    [InlineData("""[ { "type": "orientation", "parameter": 1 } ]""", "\"parameter\" must be a string")]
    [InlineData("""[ { "type": "orientation", "measure": "median" } ]""", "unknown measure 'median'")]
    [InlineData("""[ { "type": "orientation", "smoothing": 2 } ]""", "unknown option(s) smoothing")]
    [InlineData("""[ "orientation", "orientation" ]""", "two analyses are named 'orientation'")]
    [InlineData("""[ { "type": "contrast" } ]""", "at least 4 distinct contrasts")]
    [InlineData("""[ { "type": "sta", "lags": 100 } ]""", "\"lags\" must be")]
    [InlineData("""[ { "type": "chirp", "step_on_s": [0.5, 2], "step_off_s": [2, 3] } ]""", "inside the recording")]
    public void Bad_analyses_are_rejected_before_anything_runs(string analyses, string expected)
    {
        var spec = Parse($$"""  "grid": { "g.orientation_deg": [0, 90, 180] }, "analyses": {{analyses}} """);
        var e = Assert.Throws<InvalidDataException>(() => AnalysisCatalog.CreateAll(spec));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_sweep_file_with_a_scene_path_loads_it_beside_the_sweep()
    {
        string dir = ViST.Tests.TestPaths.TempDir();
        File.WriteAllText(Path.Combine(dir, "scene.json"), Scene);
        File.WriteAllText(Path.Combine(dir, "s.json"), """{ "scene": "scene.json", "grid": { "g.contrast": [0.1, 0.2] }, "duration_s": 0.5 }""");
        Assert.Equal(2, SweepSpec.Load(Path.Combine(dir, "s.json")).Conditions.Count);
        File.WriteAllText(Path.Combine(dir, "bad.json"), """{ "scene": "missing.json", "grid": {}, "duration_s": 1 }""");
        Assert.Throws<FileNotFoundException>(() => SweepSpec.Load(Path.Combine(dir, "bad.json")));
        Assert.Throws<FileNotFoundException>(() => SweepSpec.Load(Path.Combine(dir, "nope.json")));
    }
}
