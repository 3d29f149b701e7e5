using ViST.Renderer.Scenes;

namespace ViST.Renderer;

/// <summary>
/// A scene as a frame source. <see cref="SetParam"/> changes a layer parameter at runtime (validated like the
/// scene file) and takes effect from the next rendered frame; each frame is still a pure function of the scene
/// in force and the frame index.
/// </summary>
public sealed class SceneFrameSource : IFrameSource
{
    readonly HeadlessRenderer _renderer;
    readonly bool _ownsRenderer;
    Scene _scene;

    /// <summary>Renders with <paramref name="renderer"/> (shared, not disposed here) or a new one of its own.</summary>
    public SceneFrameSource(Scene scene, HeadlessRenderer? renderer = null)
    {
        _scene = scene;
        _ownsRenderer = renderer is null;
        _renderer = renderer ?? new HeadlessRenderer();
    }

    /// <summary>The scene in force (replaced as a whole by <see cref="SetParam"/> and <see cref="Scene"/> set).</summary>
    public Scene Scene { get => Volatile.Read(ref _scene); set => Volatile.Write(ref _scene, value); }

    /// <summary>Changes parameter <paramref name="name"/> of the layer with id (or index) <paramref name="layer"/>.</summary>
    public void SetParam(string layer, string name, object? value)
    {
        Scene before, after;
        do
        {
            before = Scene;
            after = before.WithParam(layer, name, value);
        } while (Interlocked.CompareExchange(ref _scene, after, before) != before);
    }

    public void Render(long index, Span<byte> dst) => _renderer.Render(Scene, index, dst);

    public void Dispose()
    {
        if (_ownsRenderer) _renderer.Dispose();
    }
}
