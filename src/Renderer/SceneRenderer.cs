using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;
using ViST.Renderer.Stimuli;

namespace ViST.Renderer;

/// <summary>
/// Draws scenes into the 360x360 luminance frame of the current GL context: clear to the background, then each
/// active layer bottom to top through its stimulus operator. Used on the thread that owns the context (see
/// <see cref="HeadlessRenderer"/> for the thread-safe entry point, <see cref="SceneWindow"/> for the window).
/// </summary>
internal sealed class SceneRenderer : IDisposable
{
    readonly GlResources _gl;
    readonly FrameTarget _target;
    readonly Dictionary<string, IStimulus> _stimuli;

    public SceneRenderer(Silk.NET.OpenGL.GL gl, ShaderLibrary shaders)
    {
        _gl = new GlResources(gl, shaders);
        _target = new FrameTarget(gl);
        _stimuli = new Dictionary<string, IStimulus>(StringComparer.Ordinal)
        {
            ["grating"] = new GratingStimulus(_gl),
            ["bar"] = new BarStimulus(_gl),
            ["spot"] = new SpotStimulus(_gl),
            ["flash"] = new FlashStimulus(_gl),
            ["chirp"] = new ChirpStimulus(_gl),
            ["noise"] = new NoiseStimulus(_gl),
            ["naturalistic"] = new NaturalisticStimulus(_gl),
            ["image"] = new ImageStimulus(_gl),
            ["movie"] = new MovieStimulus(_gl),
        };
    }

    internal GlResources Resources => _gl;
    internal FrameTarget Target => _target;

    /// <summary>Opens the scene's movies and decodes its images now rather than at their first frame (a movie
    /// decoder takes a few hundred ms to start), so that file errors show up front and live runs do not stall.</summary>
    public void Prepare(Scene scene)
    {
        for (int i = 0; i < scene.Layers.Length; i++)
        {
            var layer = scene.Layers[i];
            try { _stimuli[layer.Type].Prepare(layer); }
            catch (InvalidDataException e) { throw new InvalidDataException($"layers[{i}] ({layer}): {e.Message}", e); }
        }
    }

    public void Draw(Scene scene, long index)
    {
        var time = FrameTime.Of(index);
        _target.Bind();
        _gl.BindEmptyVertexArray();
        _gl.Fill(scene.Background);
        for (int i = 0; i < scene.Layers.Length; i++)
        {
            var layer = scene.Layers[i];
            if (!layer.ActiveAt(time.TimeS)) continue;
            try { _stimuli[layer.Type].Draw(layer, scene, time); }
            catch (InvalidDataException e) { throw new InvalidDataException($"layers[{i}] ({layer}) at frame {index}: {e.Message}", e); }
            // GL reports errors only when asked; a silent one would mean wrong pixels, so ask after every layer.
            var error = _gl.Gl.GetError();
            if (error != Silk.NET.OpenGL.GLEnum.NoError)
                throw new InvalidOperationException($"OpenGL error {error} while drawing layers[{i}] ({layer}) at frame {index}");
        }
    }

    public void ReadBack(Span<byte> dst) => _target.ReadBack(dst);

    public void Dispose()
    {
        foreach (var s in _stimuli.Values) s.Dispose();
        _target.Dispose();
        _gl.Dispose();
    }
}
