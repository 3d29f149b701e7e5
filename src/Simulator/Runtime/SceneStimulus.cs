using System.Text.Json;
using ViST.Renderer;
using ViST.Renderer.Media;
using ViST.Renderer.Scenes;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Runtime;

/// <summary>Builds the live stimulus from its JSON: a scene (with live parameter control) or {"movie": path}.</summary>
public static class SceneStimulus
{
    public static Stimulus Create(string stimulusJson)
    {
        using (var doc = JsonDocument.Parse(stimulusJson, SceneJson.DocumentOptions))
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("movie", out var movie))
                return new Stimulus(new MovieFrameSource(movie.GetString()!, loop: true), null);
        var source = new SceneFrameSource(SceneJson.Parse(stimulusJson, "stimulus"));
        return new Stimulus(source, new Control(source));
    }

    /// <summary>Parameter changes from the keyboard, the control socket or a controller, applied to the scene source.</summary>
    sealed class Control(SceneFrameSource source) : ISceneControl
    {
        public void SetParam(string layer, string name, JsonElement value) => source.SetParam(layer, name, value);
        public void LoadScene(string sceneJson) => source.Scene = SceneJson.Parse(sceneJson, "load_scene");
    }
}
