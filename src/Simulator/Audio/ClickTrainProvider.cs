using NAudio.Wave;

namespace ViST.Simulator.Audio;

/// <summary>
/// A mono Poisson click train at a rate that may change at any time, like a lab audio monitor on one electrode.
/// Time-varying Poisson by time rescaling: draw an Exp(1) amount of "hazard", use it up at rate/sampleRate per
/// sample, click when it runs out. Each click is a 1 ms biphasic pulse (a spike's shape, heard as a tick).
/// </summary>
public sealed class ClickTrainProvider : ISampleProvider
{
    public const float Amplitude = 0.3f;
    static readonly float[] Click = MakeClick(44100);
    readonly Func<float> _rate;
    readonly Random _rng;
    double _hazardLeft;
    int _clickPos = Click.Length;   // position inside the click being played (Click.Length: none)

    public ClickTrainProvider(Func<float> rate, int seed)
    {
        _rate = rate;
        _rng = new Random(seed);
        _hazardLeft = NextHazard();
    }

    public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(44100, 1);

    /// <summary>Clicks started so far.</summary>
    public long Clicks { get; private set; }

    public int Read(Span<float> buffer)
    {
        double perSample = _rate() / (double)WaveFormat.SampleRate;   // one rate per block: blocks are milliseconds
        for (int i = 0; i < buffer.Length; i++)
        {
            _hazardLeft -= perSample;
            if (_hazardLeft <= 0)
            {
                _hazardLeft += NextHazard();
                _clickPos = 0;
                Clicks++;
            }
            buffer[i] = _clickPos < Click.Length ? Click[_clickPos++] : 0f;
        }
        return buffer.Length;
    }

    double NextHazard() => -Math.Log(1 - _rng.NextDouble());

    static float[] MakeClick(int sampleRate)
    {
        int n = sampleRate / 1000;
        var c = new float[n];
        for (int i = 0; i < n; i++) c[i] = Amplitude * (float)(Math.Sin(2 * Math.PI * i / n) * (1 - 0.5 * i / n));
        return c;
    }
}
