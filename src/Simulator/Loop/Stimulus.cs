using System.Text.Json;
using ViST.Renderer;

namespace ViST.Simulator.Loop;

/// <summary>
/// The runtime handle on a stimulus whose parameters can change: a scene implements it; a movie does not.
/// Called only on the render thread, between frames. Throws <see cref="ArgumentException"/> with a reason
/// for an unknown layer or parameter or a value of the wrong type (the reason goes back to whoever asked).
/// </summary>
public interface ISceneControl
{
    void SetParam(string layer, string name, JsonElement value);
    void LoadScene(string sceneJson);
}

/// <summary>A frame source plus, when it has parameters, its control. Made by a factory on the render thread
/// (GL contexts belong to the thread that created them).</summary>
public sealed record Stimulus(IFrameSource Frames, ISceneControl? Control) : IDisposable
{
    /// <summary>True once the stimulus has no frame at an index (a movie played to its end): the run ends there.
    /// Null for stimuli without an end (scenes).</summary>
    public Func<long, bool>? HasEnded { get; init; }

    public void Dispose() => Frames.Dispose();
}
