using NAudio.Wave;
using ViST.Renderer;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Audio;

/// <summary>
/// Writes the sonification to a 16-bit stereo WAV in stimulus time: every frame adds exactly 1/30 s of sound made
/// from that frame's rates, so N seconds of stimulus give N seconds of audio however fast the run goes.
/// </summary>
public sealed class WavAudioSink : IFrameSink, IDisposable
{
    readonly Sonifier _sonifier;
    readonly WaveFileWriter _writer;
    readonly float[] _block;
    readonly short[] _pcm;

    public WavAudioSink(string path, Sonifier sonifier)
    {
        _sonifier = sonifier;
        try { _writer = new WaveFileWriter(path, new WaveFormat(Sonifier.SampleRate, 16, 2)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot write the audio file {path}: {e.Message}", e);
        }
        int samplesPerFrame = (int)Math.Round(Sonifier.SampleRate / FrameSpec.FrameRate);
        _block = new float[2 * samplesPerFrame];
        _pcm = new short[_block.Length];
    }

    public void OnFrame(FrameResult frame)
    {
        _sonifier.Board.SetRates(frame.Rates);
        _sonifier.Output.Read(_block);
        for (int i = 0; i < _block.Length; i++) _pcm[i] = (short)Math.Round(Math.Clamp(_block[i], -1f, 1f) * short.MaxValue);
        _writer.WriteSamples(_pcm, 0, _pcm.Length);
    }

    public void End(RunSummary summary) => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
