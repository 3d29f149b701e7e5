using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;
using ViST.Tests;

namespace ViST.Renderer.Tests;

public sealed class SceneFileTests
{
    static string ErrorOf(string json) =>
        Assert.Throws<InvalidDataException>(() => SceneJson.Parse(json, "bad.json")).Message;

    [Fact]
    public void ParsesLayersIdsTimingAndKeyframes()
    {
        var s = SceneJson.Parse("""
            { "seed": 5, "background": 0.4, // comments are fine
              "layers": [
                {"type": "grating", "id": "g", "cycles_per_px": 0.05, "orientation_deg": 45, "keyframes": {"contrast": [[0, 0], [2, 1]]}},
                {"type": "spot", "start_s": 1, "end_s": 3, "center_px": [10, 20]},
              ] }
            """, "ok.json");
        Assert.Equal(5, s.Seed);
        Assert.Equal(0.4, s.Background);
        Assert.Equal(0, s.IndexOf("g"));
        Assert.Equal(1, s.IndexOf("1"));
        Assert.Equal(0.5, s.Layers[0].Number("contrast", 1.0), 12);
        Assert.Equal("sine", s.Layers[0].Text("waveform")); // defaults filled in
        Assert.Equal(new[] { 10.0, 20.0 }, s.Layers[1].Point("center_px"));
        Assert.False(s.Layers[1].ActiveAt(0.9));
        Assert.True(s.Layers[1].ActiveAt(1));
        // Round trip through the writer.
        var again = SceneJson.Parse(s.ToJson(), "again.json");
        Assert.Equal(s.ToJson(), again.ToJson());
    }

    [Fact]
    public void ErrorsNameTheFileLayerAndField()
    {
        var e = ErrorOf("""{"layers": [{"type": "gratin"}]}""");
        Assert.Contains("bad.json: layers[0] (gratin) type: unknown stimulus type \"gratin\"", e);
        Assert.Contains("grating", e); // lists the known types

        e = ErrorOf("""{"layers": [{"type": "grating", "cycles_per_px": 0.05, "colour": 3}]}""");
        Assert.Contains("layers[0] (grating) colour: unknown parameter of grating", e);
        Assert.Contains("orientation_deg (number in degrees", e); // lists parameters with units

        e = ErrorOf("""{"layers": [{"type": "grating", "cycles_per_px": 0.05, "orientation_rad": 1.2}]}""");
        Assert.Contains("orientation_rad: unknown parameter", e);
        Assert.Contains("wrong unit? this type takes orientation_deg", e);

        e = ErrorOf("""{"layers": [{"type": "grating", "cycles_per_px": 2}]}""");
        Assert.Contains("cycles_per_px: expected number in cycles per pixel, 0 < value <= 0.5", e);
        Assert.Contains("2 is out of range", e);
        Assert.Contains("cycles/degree", e);

        e = ErrorOf("""{"layers": [{"type": "grating"}]}""");
        Assert.Contains("cycles_per_px: missing", e);

        e = ErrorOf("""{"layers": [{"type": "spot", "id": "s1", "contrast": "high"}]}""");
        Assert.Contains("layers[0] (spot) \"s1\" contrast: expected number in Michelson contrast", e);

        e = ErrorOf("""{"layers": [{"type": "bar", "keyframes": {"contrast": [[1, 0], [0.5, 1]]}}]}""");
        Assert.Contains("keyframes.contrast: keyframes: times must increase", e);
        e = ErrorOf("""{"layers": [{"type": "spot", "keyframes": {"contrast": [[0, 0], [1, 3]]}}]}""");
        Assert.Contains("keyframes.contrast at 1 s: contrast", e);
        e = ErrorOf("""{"layers": [{"type": "noise", "keyframes": {"check_px": [[0, 1], [1, 3]]}}]}""");
        Assert.Contains("only numbers can be keyframed", e);
        e = ErrorOf("""{"layers": [{"type": "spot", "contrast": 0.5, "keyframes": {"contrast": [[0, 0], [1, 1]]}}]}""");
        Assert.Contains("contrast: given both as a value and as keyframes", e);

        Assert.Contains("background: expected number in linear luminance, 0 <= value <= 1", ErrorOf("""{"background": 1.5}"""));
        Assert.Contains("sed: unknown field", ErrorOf("""{"sed": 1}"""));
        Assert.Contains("not valid JSON", ErrorOf("""{"layers": [}"""));
        Assert.Contains("\"a\" names more than one layer", ErrorOf("""{"layers": [{"type": "spot", "id": "a"}, {"type": "spot", "id": "a"}]}"""));
        Assert.Contains("end_s: expected seconds > start_s", ErrorOf("""{"layers": [{"type": "spot", "start_s": 2, "end_s": 1}]}"""));
        Assert.Contains("step 1: luminance 2 must be in [0, 1]", ErrorOf("""{"layers": [{"type": "flash", "steps": [[1, 0], [1, 2]]}]}"""));
    }

    [Fact]
    public void ParametersChangeInCodeAndAtRuntimeWithTheSameValidation()
    {
        var scene = new Scene(1, 0.5, Layer.Create("grating", ("cycles_per_px", 0.05)) .With("id", "g"));
        var sweep = new[] { 0.0, 45.0, 90.0 }.Select(o => scene.WithParam("g", "orientation_deg", o)).ToArray();
        Assert.Equal(45.0, sweep[1].Layers[0].Number("orientation_deg", 0));
        Assert.Equal(0.0, scene.Layers[0].Number("orientation_deg", 0)); // the original is untouched

        using var source = new SceneFrameSource(scene);
        var before = new byte[FrameSpec.Pixels]; var after = new byte[FrameSpec.Pixels];
        source.Render(0, before);
        source.SetParam("g", "contrast", 0.25);
        source.Render(0, after);
        Assert.Equal(0.25, source.Scene.Layers[0].Number("contrast", 0));
        Assert.NotEqual(before, after);
        Assert.Contains("contrast: expected", Assert.Throws<ArgumentException>(() => source.SetParam("g", "contrast", 7)).Message);
        Assert.Contains("no layer has this id", Assert.Throws<ArgumentException>(() => source.SetParam("h", "contrast", 0.1)).Message);
        Assert.Equal(0.25, source.Scene.Layers[0].Number("contrast", 0)); // a rejected change leaves the scene alone

        // Values as other callers send them: ints, floats, MessagePack's small unsigned types, JSON elements.
        var layer = scene.Layers[0];
        Assert.Equal(3.0, layer.With("orientation_deg", (byte)3).Number("orientation_deg", 0));
        Assert.Equal(new[] { 1.0, 2.5 }, layer.With("center_px", new object[] { (ushort)1, 2.5f }).Point("center_px"));
        using var json = System.Text.Json.JsonDocument.Parse("[12, 34]");
        Assert.Equal(new[] { 12.0, 34.0 }, layer.With("center_px", json.RootElement).Point("center_px"));
        Assert.Contains("center_px: expected [x, y]", Assert.Throws<ArgumentException>(() => layer.With("center_px", new[] { 1.0 })).Message);
        Assert.Contains("waveform: expected one of sine|square", Assert.Throws<ArgumentException>(() => layer.With("waveform", "triangle")).Message);

        // A keyframed parameter set at runtime becomes constant from then on.
        var keyed = scene.WithLayer(0, scene.Layers[0].WithKeyframes("contrast", new Keyframes([(0.0, 0.0), (1.0, 1.0)])));
        Assert.Equal(0.7, keyed.WithParam(0, "contrast", 0.7).Layers[0].Number("contrast", 0.2));
    }

    [Fact]
    public void BrokenShaderFailsWithFileAndLine()
    {
        string dir = TestPaths.TempDir("vist-shaders");
        try
        {
            foreach (var f in Directory.GetFiles(ShaderLibrary.DefaultFolder)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            string shape = Path.Combine(dir, "shape.frag");
            string original = File.ReadAllText(shape);
            var lines = File.ReadAllLines(shape).ToList();
            int at = lines.FindIndex(l => l.Contains("float along"));
            lines[at] = "    float along = undefinedThing(d);";
            File.WriteAllLines(shape, lines);
            var e = Assert.Throws<InvalidDataException>(() => new HeadlessRenderer(ShaderLibrary.Load(dir)));
            Assert.Contains($"{Path.Combine(dir, "shape.frag")}:{at + 1}:", e.Message);
            Assert.Contains("undefinedThing", e.Message);

            File.WriteAllText(shape, original);
            File.Delete(Path.Combine(dir, "noise.frag"));
            Assert.Contains("noise.frag: shader file not found",
                Assert.Throws<FileNotFoundException>(() => new HeadlessRenderer(ShaderLibrary.Load(dir))).Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void EveryStimulusTypeHasAnExampleSceneThatRenders()
    {
        string scenes = Path.Combine(TestPaths.RepoRoot, "scenes");
        var files = Directory.GetFiles(scenes, "*.json");
        var types = new HashSet<string>();
        using var renderer = new HeadlessRenderer();
        var frames = new byte[2 * FrameSpec.Pixels];
        foreach (var f in files)
        {
            var s = SceneJson.Load(f);
            foreach (var l in s.Layers) types.Add(l.Type);
            renderer.RenderFrames(s, 0, 2, frames);
        }
        Assert.Equal(StimulusTypes.All.Keys.Order(), types.Order());
    }
}
