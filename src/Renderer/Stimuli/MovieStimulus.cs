using ViST.Renderer.Gl;
using ViST.Renderer.Media;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>A movie layer: frame (start_frame + frames since the layer started) of the file, looping, holding
/// the last frame or showing nothing after the end. One decoder per (file, start_frame), kept open.</summary>
internal sealed class MovieStimulus(GlResources gl) : IStimulus
{
    readonly Dictionary<(string, long), MovieReader> _readers = new();
    ByteTexture? _texture;

    MovieReader ReaderFor(Layer layer)
    {
        var key = (layer.Text("file"), layer.Integer("start_frame"));
        if (!_readers.TryGetValue(key, out var reader)) _readers[key] = reader = new MovieReader(key.Item1);
        return reader;
    }

    public void Prepare(Layer layer) => ReaderFor(layer);

    public void Draw(Layer layer, Scene scene, FrameTime time)
    {
        long start = layer.Integer("start_frame");
        var reader = ReaderFor(layer);
        var frame = reader.FrameFor(time.LocalIndex(layer), start, layer.Flag("loop"), layer.Text("after_end") == "hold");
        if (frame.IsEmpty) return;
        _texture ??= ByteTexture.Gray(gl.Gl, FrameSpec.Width, FrameSpec.Height, linear: false);
        _texture.Upload(frame);
        gl.DrawTexture(_texture, 0, 0, FrameSpec.Width, FrameSpec.Height, scene.Background, 1);
    }

    public void Dispose()
    {
        foreach (var r in _readers.Values) r.Dispose();
        _texture?.Dispose();
    }
}
