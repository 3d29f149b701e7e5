using NAudio.Wave;

namespace ViST.Simulator.Audio;

/// <summary>
/// A soft tone whose pitch follows a rate: 220 Hz at 0 spikes/s, one octave up per <paramref name="ratePerOctave"/>
/// spikes/s, at most 3 octaves. The phase runs on continuously so pitch changes do not click.
/// </summary>
public sealed class PitchProvider(Func<float> rate, float ratePerOctave) : ISampleProvider
{
    public const double BaseHz = 220, MaxOctaves = 3;
    double _phase;

    public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(44100, 1);

    public static double FrequencyOf(float rate, float ratePerOctave) =>
        BaseHz * Math.Pow(2, Math.Clamp(rate / ratePerOctave, 0, MaxOctaves));

    public int Read(Span<float> buffer)
    {
        double step = 2 * Math.PI * FrequencyOf(rate(), ratePerOctave) / WaveFormat.SampleRate;
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = 0.2f * (float)Math.Sin(_phase);
            _phase += step;
            if (_phase > 2 * Math.PI) _phase -= 2 * Math.PI;
        }
        return buffer.Length;
    }
}
