using System.Text.Json.Nodes;
using ViST.Renderer;
using ViST.RetinaModel;

namespace ViST.InSilico.Sweeps;

/// <summary>What a sweep runs on: a retina with a chosen number of independent streams (the batch), and
/// the renderer that turns a scene JSON into frames. Opening is deferred so that `sweep merge` can
/// re-render stimuli without loading a model.</summary>
public sealed record SweepBackend(Func<int, IRetina> OpenRetina, Func<JsonObject, IFrameSource> OpenScene);

/// <summary>A synchronous <see cref="IProgress{T}"/>: the handler runs on the reporting thread, in order
/// (System.Progress posts to the thread pool, which would let a progress bar lag or reorder).</summary>
public sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
