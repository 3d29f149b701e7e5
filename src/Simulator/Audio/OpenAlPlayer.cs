using System.Runtime.InteropServices;
using NAudio.Wave;

namespace ViST.Simulator.Audio;

/// <summary>
/// Plays a stereo 44.1 kHz sample provider live through OpenAL: a thread keeps <see cref="Buffers"/> buffers of
/// 1/30 s queued on one source, refilling each as it finishes (about 130 ms from rate to ear) and restarting
/// the source after an underrun.
/// </summary>
public sealed class OpenAlPlayer : IDisposable
{
    const int Buffers = 4, FramesPerBuffer = Sonifier.SampleRate / 30;
    readonly ISampleProvider _source;
    readonly IntPtr _device, _context;
    readonly Thread _thread;
    readonly CancellationTokenSource _stop = new();

    OpenAlPlayer(ISampleProvider source, IntPtr device, IntPtr context)
    {
        _source = source;
        _device = device;
        _context = context;
        _thread = new Thread(Stream) { Name = "vist-audio", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Opens the default sound device, or says why it cannot (no OpenAL library, no device).</summary>
    public static OpenAlPlayer? TryOpen(ISampleProvider stereo, out string problem)
    {
        problem = "";
        if (stereo.WaveFormat.Channels != 2 || stereo.WaveFormat.SampleRate != Sonifier.SampleRate)
            throw new ArgumentException("live audio needs a stereo 44.1 kHz source");
        if (OpenDefaultDevice(out problem) is not { } device) return null;
        var context = OpenAl.alcCreateContext(device, IntPtr.Zero);
        if (context == IntPtr.Zero || !OpenAl.alcMakeContextCurrent(context))
        {
            OpenAl.alcCloseDevice(device);
            problem = "OpenAL could not set up the sound device";
            return null;
        }
        return new OpenAlPlayer(stereo, device, context);
    }

    /// <summary>The name of the sound device live audio would play on, or null with the reason there is none
    /// (for `vist doctor`: it opens the device and closes it again).</summary>
    public static string? DefaultDeviceName(out string problem)
    {
        if (OpenDefaultDevice(out problem) is not { } device) return null;
        try { return Marshal.PtrToStringUTF8(OpenAl.alcGetString(device, OpenAl.DeviceSpecifier)) ?? "(unnamed)"; }
        finally { OpenAl.alcCloseDevice(device); }
    }

    static IntPtr? OpenDefaultDevice(out string problem)
    {
        problem = "";
        IntPtr device;
        try { device = QuietNativeStderr.Run(() => OpenAl.alcOpenDevice(null)); }
        catch (DllNotFoundException)
        {
            problem = $"libopenal.so.1: not found; live sound needs it ({Renderer.DebianPackages.InstallHint(Renderer.DebianPackages.Audio)})";
            return null;
        }
        if (device == IntPtr.Zero)
        {
            problem = "OpenAL found no sound device to play on";
            return null;
        }
        return device;
    }

    void Stream()
    {
        OpenAl.alcMakeContextCurrent(_context);   // the current context is per process, but be explicit on this thread
        OpenAl.alGenSources(1, out uint source);
        var buffers = new uint[Buffers];
        OpenAl.alGenBuffers(Buffers, buffers);
        var samples = new float[2 * FramesPerBuffer];
        var pcm = new short[samples.Length];
        var one = new uint[1];
        try
        {
            foreach (var b in buffers) Fill(b, samples, pcm);
            OpenAl.alSourceQueueBuffers(source, Buffers, buffers);
            OpenAl.alSourcePlay(source);
            while (!_stop.IsCancellationRequested)
            {
                OpenAl.alGetSourcei(source, OpenAl.BuffersProcessed, out int processed);
                for (; processed > 0; processed--)
                {
                    OpenAl.alSourceUnqueueBuffers(source, 1, one);
                    Fill(one[0], samples, pcm);
                    OpenAl.alSourceQueueBuffers(source, 1, one);
                }
                OpenAl.alGetSourcei(source, OpenAl.SourceState, out int state);
                if (state != OpenAl.Playing) OpenAl.alSourcePlay(source);
                _stop.Token.WaitHandle.WaitOne(5);
            }
        }
        finally
        {
            OpenAl.alSourceStop(source);
            OpenAl.alDeleteSources(1, ref source);
            OpenAl.alDeleteBuffers(Buffers, buffers);
        }
    }

    void Fill(uint buffer, float[] samples, short[] pcm)
    {
        _source.Read(samples);
        for (int i = 0; i < samples.Length; i++) pcm[i] = (short)Math.Round(Math.Clamp(samples[i], -1f, 1f) * short.MaxValue);
        OpenAl.alBufferData(buffer, OpenAl.FormatStereo16, pcm, pcm.Length * sizeof(short), Sonifier.SampleRate);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        OpenAl.alcMakeContextCurrent(IntPtr.Zero);
        OpenAl.alcDestroyContext(_context);
        OpenAl.alcCloseDevice(_device);
    }
}
