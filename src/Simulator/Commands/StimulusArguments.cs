using System.Text.Json;
using ViST.Cli;
using ViST.Renderer.Media;
using ViST.Simulator.Runtime;

namespace ViST.Simulator.Commands;

/// <summary>Turns --scene / --movie (with --loop, --fit) into the stimulus JSON that the factory builds from and recordings keep.</summary>
public static class StimulusArguments
{
    public static string ToJson(string? scene, string? movie, Func<string, string>? readScene = null, bool loop = false, string? fit = null)
    {
        if ((scene == null) == (movie == null)) throw new UserInputException("give exactly one of --scene S.json or --movie M.mp4");
        if (scene != null && (loop || fit != null))
            throw new UserInputException("--loop and --fit are for --movie; in a scene, a movie layer has its own \"loop\" and \"fit\"");
        if (movie != null)
        {
            if (!File.Exists(movie)) throw new FileNotFoundException($"movie not found: {movie}", movie);
            var fitMode = fit is null ? MovieConversion.DefaultFit : MovieConversion.ParseFit(fit);
            return new MovieSettings(Path.GetFullPath(movie), loop, fitMode).ToJson();
        }
        if (!File.Exists(scene)) throw new FileNotFoundException($"scene not found: {scene}", scene);
        if (readScene != null) return readScene(scene!);
        string text = File.ReadAllText(scene!);
        try { using var _ = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new InvalidDataException($"{scene} is not valid JSON: {e.Message}", e); }
        return text;
    }
}
