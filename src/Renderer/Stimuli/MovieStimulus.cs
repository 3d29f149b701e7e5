using ViST.Renderer.Gl;
using ViST.Renderer.Media;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>A movie layer: frame (start_frame + frames since the layer started) of the file, placed by its fit,
/// looping, holding the last frame or showing nothing after the end. Where a padded movie does not reach, the layers
/// beneath show (as with an image). One decoder per (file, start_frame, fit), kept open.</summary>
internal sealed class MovieStimulus(GlResources gl) : IStimulus
{
    readonly Dictionary<(string, long, string), MovieReader> _readers = new();
    readonly Dictionary<(int, int), ByteTexture> _textures = new();

    MovieReader ReaderFor(Layer layer)
    {
        var key = (layer.Text("file"), layer.Integer("start_frame"), layer.Text("fit"));
        if (!_readers.TryGetValue(key, out var reader))
            _readers[key] = reader = new MovieReader(key.Item1, MovieConversion.ParseFit(key.Item3));
        return reader;
    }

    public void Prepare(Layer layer) => ReaderFor(layer);

    public void Draw(Layer layer, Scene scene, FrameTime time)
    {
        long start = layer.Integer("start_frame");
        var reader = ReaderFor(layer);
        var frame = reader.FrameFor(time.LocalIndex(layer), start, layer.Flag("loop"), layer.Text("after_end") == "hold");
        if (frame.IsEmpty) return;
        var (x, y, w, h) = reader.Conversion.OnFrame;
        if (!_textures.TryGetValue((w, h), out var texture))
            _textures[(w, h)] = texture = ByteTexture.Gray(gl.Gl, w, h, linear: false);
        texture.Upload(frame);
        gl.DrawTexture(texture, x, y, w, h, scene.Background, layer.Number("contrast", time.TimeS));
    }

    public void Dispose()
    {
        foreach (var r in _readers.Values) r.Dispose();
        foreach (var t in _textures.Values) t.Dispose();
    }
}
