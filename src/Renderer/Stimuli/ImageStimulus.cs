using ViST.Renderer.Gl;
using ViST.Renderer.Media;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>A still image, decoded once per file and kept as a texture, placed by its fit mode.</summary>
internal sealed class ImageStimulus(GlResources gl) : IStimulus
{
    readonly Dictionary<(string, int, int), ByteTexture> _textures = new();

    /// <summary>The scene file's fit names (CSS object-fit's) for the shared placement rule.</summary>
    static FitMode FitOf(string fit) => fit switch
    {
        "stretch" => FitMode.Stretch,
        "contain" => FitMode.Pad,
        "cover" => FitMode.Crop,
        _ => FitMode.Center,
    };

    ByteTexture TextureFor(Layer layer)
    {
        string path = layer.Text("file");
        (int, int)? raw = layer.Has("raw_size_px") ? ((int)layer.Point("raw_size_px")[0], (int)layer.Point("raw_size_px")[1]) : null;
        var key = (path, raw?.Item1 ?? 0, raw?.Item2 ?? 0);
        if (!_textures.TryGetValue(key, out var tex))
        {
            var image = GrayImage.Load(path, raw);
            tex = ByteTexture.Gray(gl.Gl, image.Width, image.Height, linear: true);
            tex.Upload(image.Pixels);
            _textures[key] = tex;
        }
        return tex;
    }

    public void Prepare(Layer layer) => TextureFor(layer);

    public void Draw(Layer layer, Scene scene, FrameTime time)
    {
        var tex = TextureFor(layer);
        var (x, y, w, h) = FrameFit.Place(FitOf(layer.Text("fit")), tex.Width, tex.Height);
        gl.DrawTexture(tex, x, y, w, h, scene.Background, layer.Number("contrast", time.TimeS));
    }

    public void Dispose()
    {
        foreach (var t in _textures.Values) t.Dispose();
    }
}
