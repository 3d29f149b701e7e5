using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ViST.Renderer;
using ViST.Renderer.Scenes;
using ViST.RetinaModel;
using ViST.Simulator.Control;
using ViST.Simulator.Dashboard;
using ViST.Simulator.Display;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Tests.Dashboard;

/// <summary>What travels between the server and the browser: the binary frame, the JSON messages, request parsing.</summary>
public class DashboardMessageTests
{
    [Fact]
    public void A_frame_message_carries_the_frame_its_rates_and_a_2x2_averaged_preview_at_the_documented_offsets()
    {
        var pixels = new byte[FrameSpec.Pixels];
        for (int y = 0; y < FrameSpec.Height; y++)
            for (int x = 0; x < FrameSpec.Width; x++) pixels[y * FrameSpec.Width + x] = (byte)(x % 2 == 0 ? 10 : 20 + y % 2);
        var frame = new FrameResult(1234, 41.133, [1.5f, 0f, 99.25f], 3.75, Late: true, DroppedBefore: 2);

        var m = FrameMessage.Encode(frame, scaleMax: 42, FrameMessage.Preview(pixels));

        Assert.Equal(FrameMessage.HeaderBytes + 3 * 4 + 180 * 180, m.Length);
        Assert.Equal((1, 1), (m[0], m[1]));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(2)));
        Assert.Equal((180, 180), (BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(4)), BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(6))));
        Assert.Equal(1234, BinaryPrimitives.ReadDoubleLittleEndian(m.AsSpan(8)));
        Assert.Equal(41.133, BinaryPrimitives.ReadDoubleLittleEndian(m.AsSpan(16)));
        Assert.Equal(3.75f, BinaryPrimitives.ReadSingleLittleEndian(m.AsSpan(24)));
        Assert.Equal(42f, BinaryPrimitives.ReadSingleLittleEndian(m.AsSpan(28)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(32)));
        Assert.Equal([1.5f, 0f, 99.25f], Enumerable.Range(0, 3).Select(c => BinaryPrimitives.ReadSingleLittleEndian(m.AsSpan(36 + 4 * c))));
        // each preview pixel is the rounded mean of a 2x2 block: (10 + 20 + 10 + 21) / 4 = 15.25 -> 15
        Assert.All(m.AsSpan(48).ToArray(), p => Assert.Equal(15, p));
    }

    [Fact]
    public void A_frame_message_without_preview_is_header_and_rates_only()
    {
        var frame = new FrameResult(7, 7 / 30.0, [2f, 3f], 1, false, 0);
        var m = FrameMessage.Encode(frame, 1, previewPixels: null);
        Assert.Equal(FrameMessage.HeaderBytes + 8, m.Length);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(4)));
        Assert.Equal(0, m[1]);
    }

    [Fact]
    public void Requests_read_into_the_plain_values_the_control_requests_take()
    {
        var m = JsonMessage.ReadObject(Encoding.UTF8.GetBytes("""{"type": "set_param", "n": 3, "x": 0.5, "ok": true, "none": null, "p": [1, 2.5], "o": {"a": "b"}}"""));
        Assert.Equal("set_param", m["type"]);
        Assert.Equal(3L, m["n"]);
        Assert.Equal(0.5, m["x"]);
        Assert.Equal(true, m["ok"]);
        Assert.Null(m["none"]);
        Assert.Equal([1L, 2.5], (List<object?>)m["p"]!);
        Assert.Equal("b", ((Dictionary<string, object?>)m["o"]!)["a"]);
        Assert.Equal("[1,2.5]", MsgValue.ToJson(m["p"]));   // back to JSON the way the control path sends values on
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("\"text\"", "the message is a JSON string, not an object")]
    [InlineData("""{"x": 1e400}""", "the number 1e400 is out of range")]
    [InlineData("""{"a":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}""", "not valid JSON")]
    public void Malformed_requests_say_what_is_wrong(string text, string problem)
    {
        var e = Assert.Throws<MalformedMessageException>(() => JsonMessage.ReadObject(Encoding.UTF8.GetBytes(text)));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Hello_describes_the_cells_every_parameter_with_unit_range_default_and_the_windows_colour_map()
    {
        var info = new RunInfo("ln", "sha256:x", [new CellInfo(4, "ON-transient", 12.5, 30)], "{}", Paced: true);
        using var hello = JsonDocument.Parse(DashboardMessages.Hello(info, new DashboardRun("run.vistrec", true), ["a.json"]));
        var r = hello.RootElement;
        Assert.Equal("hello", r.GetProperty("type").GetString());
        var cell = r.GetProperty("cells")[0];
        Assert.Equal((0, 4, "ON-transient", 12.5, 30.0), (cell.GetProperty("index").GetInt32(), cell.GetProperty("id").GetInt32(),
            cell.GetProperty("type").GetString(), cell.GetProperty("x").GetDouble(), cell.GetProperty("y").GetDouble()));
        Assert.Equal(StimulusTypes.All.Keys.Order(), r.GetProperty("types").EnumerateObject().Select(p => p.Name).Order());
        var contrast = r.GetProperty("types").GetProperty("grating").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "contrast");
        Assert.Equal(("number", "Michelson contrast around the background", 0.0, 1.0, 1.0), (contrast.GetProperty("kind").GetString(),
            contrast.GetProperty("unit").GetString(), contrast.GetProperty("min").GetDouble(), contrast.GetProperty("max").GetDouble(),
            contrast.GetProperty("default").GetDouble()));
        Assert.Equal(StimulusTypes.Param("grating", "contrast").Describe(), contrast.GetProperty("describe").GetString());
        var waveform = r.GetProperty("types").GetProperty("grating").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "waveform");
        Assert.Equal(["sine", "square"], waveform.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, waveform.GetProperty("slider").ValueKind);
        var colours = r.GetProperty("colour_map").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(256, colours.Count);
        var top = RateColors.Of(1, 1);
        Assert.Equal($"#{top.R:x2}{top.G:x2}{top.B:x2}", colours[^1]);
        Assert.Equal("run.vistrec", r.GetProperty("recording").GetString());
        Assert.Equal(["seed", "background"], r.GetProperty("scene_fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public void The_scene_message_lists_each_layer_with_its_values_and_keyframes_and_the_key_set_param_takes()
    {
        var scene = SceneJson.Parse("""
            {"seed": 3, "background": 0.4, "layers": [{"type": "spot", "radius_px": 30},
             {"type": "grating", "id": "g", "cycles_per_px": 0.05, "keyframes": {"contrast": [[0, 0], [2, 1]]}}]}
            """);
        using var doc = JsonDocument.Parse(DashboardMessages.Scene(scene, 9));
        var r = doc.RootElement;
        Assert.Equal((9, true, 3, 0.4), (r.GetProperty("version").GetInt64(), r.GetProperty("editable").GetBoolean(),
            r.GetProperty("seed").GetInt64(), r.GetProperty("background").GetDouble()));
        var (spot, grating) = (r.GetProperty("layers")[0], r.GetProperty("layers")[1]);
        Assert.Equal("0", spot.GetProperty("key").GetString());   // no id: addressed by index
        Assert.Equal(30, spot.GetProperty("params").GetProperty("radius_px").GetDouble());
        Assert.Equal([180.0, 180.0], spot.GetProperty("params").GetProperty("center_px").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("g", grating.GetProperty("key").GetString());
        Assert.False(grating.GetProperty("params").TryGetProperty("contrast", out _));
        Assert.Equal(1, grating.GetProperty("keyframes").GetProperty("contrast")[1][1].GetDouble());

        using var movie = JsonDocument.Parse(DashboardMessages.Scene(null, 1));
        Assert.False(movie.RootElement.GetProperty("editable").GetBoolean());
    }

    [Fact]
    public void Events_and_status_read_as_the_log_and_the_top_bar_show_them()
    {
        var e = SimEvent.SetParam("g", "contrast", "0.25", "dashboard") with { Frame = 77 };
        using var ev = JsonDocument.Parse(DashboardMessages.Event(new NumberedEvent(5, e)));
        Assert.Equal(("event", 5, 77, "set_param", "dashboard", "g", "contrast", "0.25"), (ev.RootElement.GetProperty("type").GetString(),
            ev.RootElement.GetProperty("seq").GetInt64(), ev.RootElement.GetProperty("frame").GetInt64(), ev.RootElement.GetProperty("kind").GetString(),
            ev.RootElement.GetProperty("origin").GetString(), ev.RootElement.GetProperty("layer").GetString(), ev.RootElement.GetProperty("name").GetString(),
            ev.RootElement.GetProperty("value").GetString()));
        var load = SimEvent.LoadScene("""{"layers": [{"type": "bar", "id": "b"}, {"type": "spot"}]}""", "dashboard");
        using var loaded = JsonDocument.Parse(DashboardMessages.Event(new NumberedEvent(6, load)));
        Assert.Equal("2 layers: bar \"b\", spot", loaded.RootElement.GetProperty("value").GetString());

        var before = new FeedState(new LiveFigures(30, 300).Snapshot(0), Paused: false, Ended: null, Soloed: []);
        using var status = JsonDocument.Parse(DashboardMessages.Status(before, 2, 5, null));
        Assert.Equal(JsonValueKind.Null, status.RootElement.GetProperty("latency_p50_ms").ValueKind);   // no frame yet: no figure, not NaN
        Assert.Equal(-1, status.RootElement.GetProperty("frame").GetInt64());
        Assert.Equal(5, status.RootElement.GetProperty("dropped_for_you").GetInt64());
    }

    [Theory]
    [InlineData("grating", "contrast", 0.0, 1.0, 0.001)]
    [InlineData("grating", "cycles_per_px", 0.0005, 0.5, 0.0005)]          // 0 itself is excluded
    [InlineData("grating", "orientation_deg", 0.0, 360.0, 0.5)]           // open range: a full turn
    [InlineData("bar", "speed_px_s", -1000.0, 1000.0, 2.0)]                 // the spec allows +-10000; the slider the useful part
    [InlineData("bar", "length_px", 1.0, 900.0, 1.0)]                       // reaches past the default 600
    [InlineData("bar", "offset_px", -360.0, 360.0, 1.0)]
    [InlineData("noise", "check_px", 1.0, 360.0, 1.0)]
    [InlineData("chirp", "on_s", 0.0, 30.0, 0.05)]
    public void Sliders_span_a_comfortable_part_of_the_parameters_range(string type, string name, double min, double max, double step)
    {
        var r = SliderRange.Of(StimulusTypes.Param(type, name))!;
        Assert.Equal((min, max, step), (Math.Round(r.Min, 9), Math.Round(r.Max, 9), Math.Round(r.Step, 9)));
    }

    [Fact]
    public void A_seed_or_a_choice_gets_no_slider()
    {
        Assert.Null(SliderRange.Of(SceneJson.SeedSpec));
        Assert.Null(SliderRange.Of(StimulusTypes.Param("grating", "waveform")));
        Assert.Null(SliderRange.Of(StimulusTypes.Param("spot", "center_px")));
    }
}
