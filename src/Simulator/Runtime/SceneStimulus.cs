using ViST.Renderer;
using ViST.Renderer.Media;
using ViST.Renderer.Scenes;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Runtime;

/// <summary>Builds the live stimulus from its JSON: a scene (with live parameter control) or a movie
/// (<see cref="MovieSettings"/>), which ends the run at its end unless it loops.</summary>
public static class SceneStimulus
{
    public static Stimulus Create(string stimulusJson)
    {
        if (MovieSettings.FromJson(stimulusJson) is { } movie)
        {
            var frames = new MovieFrameSource(movie.Path, movie.Loop, fit: movie.Fit);
            return new Stimulus(frames, null) { HasEnded = frames.HasEnded };
        }
        var source = new SceneFrameSource(SceneJson.Parse(stimulusJson, "stimulus"));
        return new Stimulus(source, new Control(source));
    }

    /// <summary>What the stimulus's movies are and how each became 360x360 frames at 30 Hz (for the run summary):
    /// the movie of a movie run, or each movie layer of a scene.</summary>
    public static IEnumerable<(string Name, string Value)> DescribeMovies(string stimulusJson)
    {
        if (MovieSettings.FromJson(stimulusJson) is { } movie)
        {
            yield return ("movie", $"{Path.GetFileName(movie.Path)}: {MovieConversion.Of(movie.Path, movie.Fit).Describe()}" +
                (movie.Loop ? "; looped" : "; the run ends with it"));
            yield break;
        }
        var scene = SceneJson.Parse(stimulusJson, "stimulus");
        for (int i = 0; i < scene.Layers.Length; i++)
        {
            var layer = scene.Layers[i];
            if (layer.Type != "movie") continue;
            string file = layer.Text("file");
            yield return ($"movie layer {layer.Id ?? i.ToString()}",
                $"{Path.GetFileName(file)}: {MovieConversion.Of(file, MovieConversion.ParseFit(layer.Text("fit"))).Describe()}");
        }
    }

    /// <summary>Parameter changes from the keyboard, the control socket or a controller, applied to the scene source.</summary>
    sealed class Control(SceneFrameSource source) : ISceneControl
    {
        public void SetParam(string layer, string name, System.Text.Json.JsonElement value) => source.SetParam(layer, name, value);
        public void LoadScene(string sceneJson) => source.Scene = SceneJson.Parse(sceneJson, "load_scene");
    }
}
