using System.Text.Json;
using ViST.Renderer.Scenes;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Runtime;

/// <summary>
/// The scene a run shows now, as its views see it: read from the run's stimulus JSON, then followed through the
/// SetParam and LoadScene events the loop applied, in the order the sinks get them (so it matches the frames that
/// follow). The renderer validated each change before applying it, so following it here cannot fail. Null for a
/// movie, which has no scene.
/// </summary>
public sealed class SceneInForce
{
    public Scene? Scene { get; private set; }

    /// <summary>Grows by one with every change (the start included), so a view can tell whether it is behind.</summary>
    public long Version { get; private set; }

    public void Start(string stimulusJson)
    {
        Scene = TryParse(stimulusJson);
        Version++;
    }

    /// <summary>Follows an applied event; true when it changed the scene.</summary>
    public bool Apply(SimEvent e)
    {
        if (e.Kind == SimEventKind.LoadScene) Scene = TryParse(e.Json ?? "");
        else if (e.Kind == SimEventKind.SetParam && Scene != null && e.Layer != null && e.Name != null)
        {
            using var doc = JsonDocument.Parse(e.Json ?? "null");
            Scene = Scene.WithParam(e.Layer, e.Name, doc.RootElement.Clone());
        }
        else return false;
        Version++;
        return true;
    }

    static Scene? TryParse(string json)
    {
        try { return SceneJson.Parse(json, "stimulus"); }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidDataException or FileNotFoundException)
        {
            return null;   // a movie ({"movie": path}) has no parameters
        }
    }
}
