using System.Runtime.InteropServices;
using NAudio.Wave;
using ViST.RetinaModel;
using ViST.Simulator.Audio;
using ViST.Simulator.Loop;
using ViST.Tests;

namespace ViST.Simulator.Tests;

public class AudioTests
{
    static readonly CellInfo[] Cells = [new(0, "a", 0, 100), new(1, "b", 180, 100), new(2, "c", 360, 100)];

    /// <summary>Writes <paramref name="seconds"/> of constant rates through the WAV sink; returns the interleaved samples.</summary>
    static (float[] Samples, WaveFormat Format, Sonifier Sonifier) Wav(float[] rates, double seconds, SonifyMode mode, Action<SoundBoard>? setup = null)
    {
        string path = Path.Combine(TestPaths.TempDir(), "clicks.wav");
        var sonifier = new Sonifier(Cells, new SoundBoard(Cells.Length), mode, seed: 5);
        setup?.Invoke(sonifier.Board);
        using (var sink = new WavAudioSink(path, sonifier))
        {
            for (long i = 0; i < seconds * 30; i++) sink.OnFrame(new FrameResult(i, i / 30.0, rates, 0, false, 0));
        }
        using var reader = new WaveFileReader(path);
        var samples = new float[reader.SampleCount * reader.WaveFormat.Channels];
        int n = reader.ToSampleProvider().Read(samples);
        Assert.Equal(samples.Length, n);
        return (samples, reader.WaveFormat, sonifier);
    }

    /// <summary>Click onsets: the first sample above threshold after at least 8 quiet samples (a click crosses zero only briefly).</summary>
    static int CountClicks(float[] stereo, int channel = -1)
    {
        int count = 0, quiet = int.MaxValue;
        for (int i = 0; i < stereo.Length / 2; i++)
        {
            float v = channel < 0 ? Math.Abs(stereo[2 * i]) + Math.Abs(stereo[2 * i + 1]) : Math.Abs(stereo[2 * i + channel]);
            if (v > 0.02f) { if (quiet >= 8) count++; quiet = 0; }
            else if (quiet < int.MaxValue) quiet++;
        }
        return count;
    }

    [Fact]
    public void A_wav_has_the_run_length_and_about_rate_times_duration_clicks()
    {
        float[] rates = [5, 10, 15];
        var (samples, format, sonifier) = Wav(rates, 20, SonifyMode.Cells);

        Assert.Equal((2, 44100, 16), (format.Channels, format.SampleRate, format.BitsPerSample));
        Assert.Equal(20 * 44100, samples.Length / 2);
        double expected = rates.Sum() * 20;                                                   // 600
        Assert.InRange(sonifier.Clicks, expected - 4 * Math.Sqrt(expected), expected + 4 * Math.Sqrt(expected));
        // what is heard: every click, but for the few that overlap another (1 ms clicks at 30/s: ~3 %)
        Assert.InRange(CountClicks(samples), 0.93 * sonifier.Clicks, sonifier.Clicks);
    }

    [Fact]
    public void Cells_are_panned_by_their_receptive_field_and_solo_and_mute_silence_the_others()
    {
        var (soloLeft, _, _) = Wav([20, 20, 20], 3, SonifyMode.Cells, b => b.Solo([0]));
        Assert.True(CountClicks(soloLeft, channel: 0) > 30);
        Assert.Equal(0, CountClicks(soloLeft, channel: 1));                                   // cell 0 sits at x = 0: hard left

        var (muted, _, sonifier) = Wav([20, 20, 20], 3, SonifyMode.Cells, b => { b.Mute(0, true); b.Mute(1, true); });
        Assert.Equal(0, CountClicks(muted, channel: 0));                                      // only cell 2 (x = 360, right) is left
        Assert.InRange(CountClicks(muted, channel: 1), 0.9 * sonifier.Clicks, sonifier.Clicks);
        Assert.Throws<ArgumentException>(() => new SoundBoard(3).Solo([3]));
    }

    [Fact]
    public void Population_mode_is_one_centred_train_at_the_summed_rate()
    {
        var (samples, _, sonifier) = Wav([4, 6, 10], 20, SonifyMode.Population);
        Assert.InRange(sonifier.Clicks, 400 - 4 * 20, 400 + 4 * 20);
        Assert.Equal(CountClicks(samples, channel: 0), CountClicks(samples, channel: 1));
    }

    [Fact]
    public void Pitch_mode_plays_a_tone_whose_frequency_follows_the_summed_rate()
    {
        var (low, _, _) = Wav([0, 0, 0], 1, SonifyMode.Pitch);
        var (high, _, _) = Wav([10, 10, 10], 1, SonifyMode.Pitch);            // 30 spikes/s = one octave for 3 cells
        Assert.InRange(ZeroCrossingHz(low), 215, 225);
        Assert.InRange(ZeroCrossingHz(high), 435, 445);
    }

    static double ZeroCrossingHz(float[] stereo)
    {
        int crossings = 0;
        for (int i = 1; i < stereo.Length / 2; i++) if (stereo[2 * i - 2] < 0 && stereo[2 * i] >= 0) crossings++;
        return crossings / (stereo.Length / 2 / 44100.0);
    }

    [DllImport("libc", SetLastError = true)] static extern int setenv(string name, string value, int overwrite);

    [Fact]
    public void Live_output_streams_clicks_through_OpenAL()
    {
        // OpenAL Soft's "wave" backend stands in for a sound card: it writes what it plays to a file
        string dir = TestPaths.TempDir(), played = Path.Combine(dir, "played.wav"), conf = Path.Combine(dir, "alsoft.conf");
        File.WriteAllText(conf, $"[general]\ndrivers = wave\n[wave]\nfile = {played}\n");
        Assert.Equal(0, setenv("ALSOFT_CONF", conf, 1));

        var sonifier = new Sonifier(Cells, new SoundBoard(Cells.Length), SonifyMode.Population, seed: 3);
        var player = OpenAlPlayer.TryOpen(sonifier.Output, out string problem);
        Assert.True(player != null, problem);
        using (var sink = new LiveAudioSink(sonifier, player!))
        {
            sink.OnFrame(new FrameResult(0, 0, [50, 50, 50], 0, false, 0));
            Fakes.Runs.WaitUntil(() => sonifier.Clicks > 50, "OpenAL to pull a second of clicks");   // 150 clicks/s
        }
        Assert.True(new FileInfo(played).Length > 8192);                                      // OpenAL played (and wrote) it
    }
}
