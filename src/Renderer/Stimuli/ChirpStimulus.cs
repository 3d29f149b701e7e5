using ViST.Renderer.Gl;
using ViST.Renderer.Scenes;

namespace ViST.Renderer.Stimuli;

/// <summary>
/// The "chirp" of the Euler lab (Baden et al. 2016, Nature): full-field dark, bright step, dark, background,
/// a sine whose frequency sweeps linearly (frequency_start_hz to frequency_end_hz), background, a 2 Hz sine whose
/// contrast ramps linearly from 0 to full, background, dark. Mean luminance is the scene background.
/// </summary>
internal sealed class ChirpStimulus(GlResources gl) : IStimulus
{
    public static double? Luminance(Layer layer, double bg, double localTime)
    {
        double c = layer.Number("contrast", localTime + layer.StartS);
        double dark = bg * (1 - c), bright = bg * (1 + c);
        double T(string n) => layer.Number(n, localTime + layer.StartS);
        double fT = T("frequency_s"), f0 = T("frequency_start_hz"), f1 = T("frequency_end_hz");
        double aT = T("amplitude_s"), fa = T("amplitude_hz"), gap = T("gap_s");
        var parts = new (double Duration, Func<double, double> L)[]
        {
            (T("dark_s"), _ => dark),
            (T("on_s"), _ => bright),
            (T("off_s"), _ => dark),
            (gap, _ => bg),
            // Phase 2*pi*(f0*tau + (f1-f0)*tau^2/(2T)): instantaneous frequency goes linearly from f0 to f1.
            (fT, tau => bg * (1 + c * Math.Sin(2 * Math.PI * (f0 * tau + (f1 - f0) * tau * tau / (2 * fT))))),
            (gap, _ => bg),
            (aT, tau => bg * (1 + c * (tau / aT) * Math.Sin(2 * Math.PI * fa * tau))),
            (gap, _ => bg),
            (T("final_dark_s"), _ => dark),
        };
        double total = parts.Sum(p => p.Duration);
        if (total <= 0) return null;
        double tau = localTime;
        if (layer.Flag("loop")) tau -= Math.Floor((tau + FrameTime.Epsilon) / total) * total;
        double start = 0;
        foreach (var (d, l) in parts)
        {
            if (tau < start + d - FrameTime.Epsilon) return l(Math.Max(0, tau - start));
            start += d;
        }
        return null;
    }

    public void Draw(Layer layer, Scene scene, FrameTime time)
    {
        if (Luminance(layer, scene.Background, time.LocalTime(layer)) is { } l) gl.Fill(l);
    }

    public void Dispose() { }
}
