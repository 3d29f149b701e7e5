using System.Text.Json;
using ViST.Renderer;
using ViST.Renderer.Scenes;
using ViST.Simulator.Display;
using ViST.Simulator.Loop;
using ViST.Simulator.Recording;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// The JSON text messages the server sends a browser, each an object with a "type":
/// hello (once: the run, the cells, every stimulus type's parameter specs, the colour map, the example scenes),
/// scene (the scene in force, after every change), event (each applied event), status (4 times a second),
/// reply (to a request: "ok" with results, or "error" with the reason) and error (fatal: the connection closes).
/// Frames travel as binary messages (<see cref="FrameMessage"/>).
/// </summary>
public static class DashboardMessages
{
    public const int ProtocolVersion = 1;

    public static byte[] Hello(RunInfo info, DashboardRun run, IReadOnlyList<string> examples) => Json(new()
    {
        ["type"] = "hello", ["server"] = "vist", ["protocol"] = ProtocolVersion,
        ["model"] = info.ModelName, ["model_hash"] = info.ModelHash, ["paced"] = info.Paced,
        ["frame_rate"] = FrameSpec.FrameRate, ["width"] = FrameSpec.Width, ["height"] = FrameSpec.Height,
        ["preview_factor"] = FrameMessage.PreviewFactor,
        ["cells"] = info.Cells.Select((c, i) => new Dictionary<string, object?>
            { ["index"] = i, ["id"] = c.Id, ["type"] = c.Type, ["x"] = c.CenterX, ["y"] = c.CenterY }).ToList(),
        ["types"] = StimulusTypes.All.ToDictionary(kv => kv.Key, kv => kv.Value.Select(Spec).ToList()),
        ["scene_fields"] = new[] { SceneJson.SeedSpec, SceneJson.BackgroundSpec }.Select(Spec).ToList(),
        ["layer_fields"] = new[] { Layer.StartSpec, Layer.EndSpec }.Select(Spec).ToList(),
        // the live window's colour map, so both views read the same
        ["colour_map"] = Enumerable.Range(0, 256).Select(i => RateColors.Of(i / 255.0, 1)).Select(c => $"#{c.R:x2}{c.G:x2}{c.B:x2}").ToList(),
        ["examples"] = examples,
        ["recording"] = run.RecordPath,
        ["sound"] = run.HasSound,
        ["max_message_bytes"] = Control.ControlFraming.MaxMessageBytes,
    });

    /// <summary>A parameter spec with its unit, range and default, and the inspector's slider span.</summary>
    public static Dictionary<string, object?> Spec(ParamSpec s) => new()
    {
        ["name"] = s.Name, ["kind"] = s.Kind.ToString().ToLowerInvariant(), ["unit"] = s.Unit, ["description"] = s.Description,
        ["describe"] = s.Describe(), ["min"] = Finite(s.Min), ["max"] = Finite(s.Max), ["min_exclusive"] = s.MinExclusive,
        ["default"] = s.Default, ["optional"] = s.Optional, ["required"] = s.Required, ["choices"] = s.Choices,
        ["slider"] = SliderRange.Of(s) is { } r ? new Dictionary<string, object?> { ["min"] = r.Min, ["max"] = r.Max, ["step"] = r.Step } : null,
    };

    /// <summary>The scene in force: every layer with its values (the key is what set_param addresses it by).</summary>
    public static byte[] Scene(Scene? scene, long version) => Json(scene is null
        ? new() { ["type"] = "scene", ["version"] = version, ["editable"] = false }
        : new()
        {
            ["type"] = "scene", ["version"] = version, ["editable"] = true, ["seed"] = scene.Seed, ["background"] = scene.Background,
            ["layers"] = scene.Layers.Select((l, i) => new Dictionary<string, object?>
            {
                ["index"] = i, ["key"] = l.Id ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["id"] = l.Id,
                ["type"] = l.Type, ["start_s"] = l.StartS, ["end_s"] = l.EndS,
                ["params"] = l.Params.ToDictionary(p => p.Key, p => (object?)p.Value),
                ["keyframes"] = l.Keyframes.ToDictionary(k => k.Key, k => k.Value.Points.Select(p => new[] { p.TimeS, p.Value }).ToList()),
            }).ToList(),
        });

    public static byte[] Event(NumberedEvent n)
    {
        var e = n.Event;
        return Json(new()
        {
            ["type"] = "event", ["seq"] = n.Seq, ["frame"] = e.Frame, ["kind"] = RecordingFormat.KindName(e.Kind), ["origin"] = e.Origin,
            ["layer"] = e.Layer, ["name"] = e.Name, ["label"] = e.Label,
            // a scene is too long for a log line: its layers say what was loaded
            ["value"] = e.Kind == SimEventKind.LoadScene ? LayerSummary(e.Json) : e.Json,
        });
    }

    /// <param name="droppedForYou">Frames this browser did not get because it fell behind.</param>
    /// <param name="recordingBytes">The recording's size on disk now (null: not recording).</param>
    public static byte[] Status(FeedState s, int browsers, long droppedForYou, long? recordingBytes) => Json(new()
    {
        ["type"] = "status", ["frame"] = s.Figures.Frame, ["t"] = s.Figures.Time, ["fps"] = s.Figures.Fps,
        ["latency_p50_ms"] = Finite(s.Figures.LatencyP50Ms), ["latency_p99_ms"] = Finite(s.Figures.LatencyP99Ms),
        ["late"] = s.Figures.Late, ["dropped"] = s.Figures.Dropped, ["paused"] = s.Paused, ["soloed"] = s.Soloed,
        ["ended"] = s.Ended is { } end ? end.EndReason : null, ["browsers"] = browsers, ["dropped_for_you"] = droppedForYou,
        ["recording_bytes"] = recordingBytes,
    });

    public static byte[] Reply(string to, object? id, Dictionary<string, object?> results)
    {
        var m = new Dictionary<string, object?>(results) { ["type"] = "reply", ["to"] = to, ["ok"] = true };
        if (id != null) m["id"] = id;
        return Json(m);
    }

    public static byte[] Refusal(string to, object? id, string error)
    {
        var m = new Dictionary<string, object?> { ["type"] = "reply", ["to"] = to, ["ok"] = false, ["error"] = error };
        if (id != null) m["id"] = id;
        return Json(m);
    }

    public static byte[] Fatal(string error) => Json(new() { ["type"] = "error", ["fatal"] = true, ["error"] = error });

    static string LayerSummary(string? sceneJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(sceneJson ?? "", SceneJson.DocumentOptions);
            if (!doc.RootElement.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array) return "a scene";
            var names = layers.EnumerateArray().Select(l =>
                (l.TryGetProperty("type", out var t) ? t.GetString() : "?") + (l.TryGetProperty("id", out var id) ? $" \"{id.GetString()}\"" : "")).ToList();
            return $"{names.Count} layer{(names.Count == 1 ? "" : "s")}: {string.Join(", ", names)}";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return "a scene"; }
    }

    static double? Finite(double v) => double.IsFinite(v) ? v : null;

    static byte[] Json(Dictionary<string, object?> message) => JsonSerializer.SerializeToUtf8Bytes(message);
}
