using System.Text.Json;
using ViST.Renderer;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Tests.Fakes;

/// <summary>
/// A stand-in for a real scene: a uniform background and a bright disc ("spot") plus a small square ("marker")
/// in the top-left corner that can be switched on. Parameters: background.luminance, spot.center_px [x,y],
/// spot.radius_px, spot.luminance, spot.drift_px_per_frame [dx,dy] (a moving spot), marker.on (0/1).
/// Every frame is a pure function of the parameters and the index, like the real renderer.
/// </summary>
public sealed class FakeScene : IFrameSource, ISceneControl
{
    public double Background = 40, SpotLuminance = 255, Radius = 20, MarkerOn;
    public double[] Center = [180, 180], Drift = [0, 0];
    readonly List<(long Index, double X, double Y)> _log = [];

    public FakeScene(string? sceneJson = null) { if (sceneJson != null) LoadScene(sceneJson); }

    /// <summary>Every frame rendered: its index and where the spot was (for tests on when changes show).</summary>
    public IReadOnlyList<(long Index, double X, double Y)> Rendered { get { lock (_log) return _log.ToList(); } }

    public void Render(long index, Span<byte> dst)
    {
        double cx = Center[0] + Drift[0] * index, cy = Center[1] + Drift[1] * index;
        lock (_log) _log.Add((index, cx, cy));
        byte bg = (byte)Math.Clamp(Background, 0, 255), spot = (byte)Math.Clamp(SpotLuminance, 0, 255);
        double r2 = Radius * Radius;
        for (int y = 0; y < FrameSpec.Height; y++)
        for (int x = 0; x < FrameSpec.Width; x++)
        {
            double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            dst[y * FrameSpec.Width + x] = dx * dx + dy * dy <= r2 ? spot : bg;
        }
        if (MarkerOn != 0)
            for (int y = 0; y < 20; y++) dst.Slice(y * FrameSpec.Width, 20).Fill(255);
    }

    public void SetParam(string layer, string name, JsonElement value)
    {
        switch (layer, name)
        {
            case ("background", "luminance"): Background = Number(value); break;
            case ("spot", "luminance"): SpotLuminance = Number(value); break;
            case ("spot", "radius_px"): Radius = Number(value); break;
            case ("spot", "center_px"): Center = Pair(value); break;
            case ("spot", "drift_px_per_frame"): Drift = Pair(value); break;
            case ("marker", "on"): MarkerOn = Number(value); break;
            default: throw new ArgumentException($"the scene has no parameter {layer}.{name}");
        }
    }

    public void LoadScene(string sceneJson)
    {
        using var doc = JsonDocument.Parse(sceneJson);
        foreach (var layer in doc.RootElement.GetProperty("layers").EnumerateObject())
            foreach (var p in layer.Value.EnumerateObject())
                SetParam(layer.Name, p.Name, p.Value);
    }

    public void Dispose() { }

    static double Number(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : throw new ArgumentException($"expected a number, got {v.ValueKind}");

    static double[] Pair(JsonElement v) => v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2
        ? [Number(v[0]), Number(v[1])] : throw new ArgumentException("expected [x, y]");
}
