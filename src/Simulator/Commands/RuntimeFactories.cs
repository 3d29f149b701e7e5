using ViST.RetinaModel;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Commands;

/// <summary>
/// Where `vist run` and `vist replay` get their stimulus and their retina. The commands take these as delegates
/// (tests pass fakes); <see cref="Real"/> is what the program uses.
/// </summary>
/// <param name="CreateStimulus">Builds the stimulus described by JSON (a scene file's text, or a movie: Runtime.MovieSettings);
/// called on the render thread, which then owns its GL context.</param>
/// <param name="OpenRetina">Opens a model: a bundle folder, "ln" (the virtual LN retina), or null (the embedded default).</param>
/// <param name="ReadScene">Reads a scene file into the stimulus JSON kept in recordings (null: the file's text).</param>
public sealed record RuntimeFactories(Func<string, Stimulus> CreateStimulus, Func<string?, IRetina> OpenRetina,
    Func<string, string>? ReadScene = null)
{
    /// <summary>Called when `vist run` has opened its live window (tests take screenshots through it).</summary>
    public Action<Display.LiveWindow>? WindowOpened { get; init; }

    /// <summary>Lines for the run summary about the stimulus's movies: sizes, frame rates, how they were converted.</summary>
    public Func<string, IEnumerable<(string Name, string Value)>>? DescribeStimulus { get; init; }

    public static RuntimeFactories Real { get; } = new(
        Runtime.SceneStimulus.Create,
        model => RetinaFactory.Open(model),
        // validates the file now (errors name the file, layer and field) and resolves media paths, so the JSON kept
        // in recordings replays without the scene's folder
        path => Renderer.Scenes.SceneJson.Load(path).ToJson())
    {
        DescribeStimulus = Runtime.SceneStimulus.DescribeMovies,
    };
}
