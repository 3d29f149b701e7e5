using ViST.Cli;
using ViST.RetinaModel;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Commands;

/// <summary>
/// Where `vist run` and `vist replay` get their stimulus and their retina. The commands take these as delegates
/// (tests pass fakes); <see cref="Real"/> is what the program uses.
/// </summary>
/// <param name="CreateStimulus">Builds the stimulus described by JSON (a scene file's text, or {"movie": path});
/// called on the render thread, which then owns its GL context.</param>
/// <param name="OpenRetina">Opens a model bundle folder (null: the embedded default model).</param>
public sealed record RuntimeFactories(Func<string, Stimulus> CreateStimulus, Func<string?, IRetina> OpenRetina)
{
    public static RuntimeFactories Real { get; } = new(
        // LEAD: wire the real scene/movie source here (e.g. a scene source implementing IFrameSource with an ISceneControl adapter).
        stimulusJson => throw new UserInputException("this build of vist has no scene renderer wired in yet"),
        // LEAD: wire VistRetina here (modelDir null: the embedded default bundle).
        modelDir => throw new UserInputException("this build of vist has no retina model wired in yet"));
}
