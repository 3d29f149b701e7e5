using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>Sine or square gratings, drifting along orientation_deg or contrast-reversing, optionally in a
/// circular aperture. Phases are worked out in double precision here and reduced to one cycle for the GPU.</summary>
internal sealed class GratingStimulus(GlResources gl) : IStimulus
{
    public void Draw(Layer layer, Scene scene, FrameTime time)
    {
        double t = time.TimeS;
        double theta = layer.Number("orientation_deg", t) * Math.PI / 180;
        bool square = layer.Text("waveform") == "square";
        double cycles = layer.IntegralSinceStart("temporal_hz", t); // temporal cycles since the layer started
        double spatialPhase = layer.Number("phase_deg", t) / 360;
        double contrast = layer.Number("contrast", t);
        double phase;
        if (layer.Flag("reversing"))
        {
            double s = Math.Sin(2 * Math.PI * cycles);
            contrast *= square ? (s >= 0 ? 1 : -1) : s;
            phase = spatialPhase;
        }
        else phase = spatialPhase - cycles; // the wave moves towards +orientation
        var c = layer.Point("center_px");
        gl.Grating.Use()
            .Set("uBackground", scene.Background)
            .Set("uCenter", c[0], c[1])
            .Set("uDirection", Math.Cos(theta), -Math.Sin(theta)) // counter-clockwise on screen, y down
            .Set("uCyclesPerPx", layer.Number("cycles_per_px", t))
            .Set("uPhase", phase - Math.Floor(phase))
            .Set("uContrast", contrast)
            .Set("uSquare", square)
            .Set("uAperture", layer.Has("aperture_px") ? layer.Number("aperture_px", t) : 0);
        gl.DrawFullscreen();
    }

    public void Dispose() { }
}
