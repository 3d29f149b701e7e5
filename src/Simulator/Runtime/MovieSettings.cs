using System.Text.Json;
using System.Text.Json.Nodes;
using ViST.Renderer;
using ViST.Renderer.Media;

namespace ViST.Simulator.Runtime;

/// <summary>
/// `vist run --movie M [--loop] [--fit crop|pad|stretch]` as the stimulus JSON a recording keeps and a replay rebuilds:
/// {"movie": absolute path, "loop": bool, "fit": name}. Without --loop the run ends with the movie.
/// </summary>
public sealed record MovieSettings(string Path, bool Loop, FitMode Fit)
{
    public string ToJson() => new JsonObject
    {
        ["movie"] = Path, ["loop"] = Loop, ["fit"] = MovieConversion.NameOf(Fit),
    }.ToJsonString();

    /// <summary>The movie a stimulus JSON names, or null when it is a scene.</summary>
    public static MovieSettings? FromJson(string stimulusJson)
    {
        using var doc = JsonDocument.Parse(stimulusJson, Renderer.Scenes.SceneJson.DocumentOptions);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("movie", out var movie)) return null;
        // recordings made before --loop and --fit existed hold only the path; those runs looped a stretched movie
        bool loop = !root.TryGetProperty("loop", out var l) || l.GetBoolean();
        var fit = root.TryGetProperty("fit", out var f) ? MovieConversion.ParseFit(f.GetString() ?? "") : FitMode.Stretch;
        return new MovieSettings(movie.GetString() ?? throw new InvalidDataException("stimulus: \"movie\" must be a file path"), loop, fit);
    }
}
