using ViST.Renderer.Scenes;
using ViST.Simulator.Dashboard;

namespace ViST.Simulator.Tests.Dashboard;

public class SceneEditsTests
{
    static readonly Scene Two = SceneJson.Parse("""{"seed": 2, "layers": [{"type": "grating", "id": "g", "cycles_per_px": 0.05}, {"type": "spot", "id": "spot"}]}""");

    [Fact]
    public void An_added_layer_takes_its_defaults_a_fresh_id_and_the_top_unless_placed()
    {
        var added = SceneEdits.AddLayer(Two, "spot", [("radius_px", 12.0)]);
        Assert.Equal(["g", "spot", "spot2"], added.Layers.Select(l => l.Id));
        Assert.Equal(12.0, added.Layers[2].Params["radius_px"]);
        Assert.Equal(new[] { 180.0, 180.0 }, added.Layers[2].Point("center_px"));
        Assert.Equal(["bar", "g", "spot"], SceneEdits.AddLayer(Two, "bar", [], at: 0).Layers.Select(l => l.Id));
        Assert.Equal(Two.Seed, added.Seed);
    }

    [Fact]
    public void Layers_are_removed_and_moved_by_position()
    {
        Assert.Equal(["spot"], SceneEdits.RemoveLayer(Two, 0).Layers.Select(l => l.Id));
        Assert.Equal(["spot", "g"], SceneEdits.MoveLayer(Two, 1, 0).Layers.Select(l => l.Id));
        Assert.Equal(0.5, SceneEdits.SetField(Two, "background", 0.5).Background);
        Assert.Equal(9, SceneEdits.SetField(Two, "seed", 9L).Seed);
    }

    [Theory]
    [InlineData("add flash", "steps: missing; flash needs it")]
    [InlineData("add blob", "unknown stimulus type \"blob\"")]
    [InlineData("add spot radius", "radius_px: expected number in pixels, value > 0")]
    [InlineData("remove 2", "layer 2: the scene's layers are 0..1")]
    [InlineData("move 0 5", "layer 5: the scene's layers are 0..1")]
    [InlineData("background", "background: expected number in linear luminance, 0 <= value <= 1")]
    [InlineData("contrast", "contrast: not a field of the scene")]
    public void Bad_edits_say_what_is_wrong(string edit, string problem)
    {
        Action act = edit switch
        {
            "add flash" => () => SceneEdits.AddLayer(Two, "flash", []),
            "add blob" => () => SceneEdits.AddLayer(Two, "blob", []),
            "add spot radius" => () => SceneEdits.AddLayer(Two, "spot", [("radius_px", -3.0)]),
            "remove 2" => () => SceneEdits.RemoveLayer(Two, 2),
            "move 0 5" => () => SceneEdits.MoveLayer(Two, 0, 5),
            "background" => () => SceneEdits.SetField(Two, "background", 2.0),
            _ => () => SceneEdits.SetField(Two, "contrast", 1.0),
        };
        Assert.Contains(problem, Assert.ThrowsAny<ArgumentException>(act).Message);
    }
}
