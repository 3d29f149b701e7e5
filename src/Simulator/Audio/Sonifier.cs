using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using ViST.Renderer;
using ViST.RetinaModel;

namespace ViST.Simulator.Audio;

/// <summary>
/// Builds the sound of the population as an NAudio graph with a stereo 44.1 kHz output: in <see cref="SonifyMode.Cells"/>
/// one click train per cell, panned by the horizontal position of its receptive field (left edge of the stimulus:
/// hard left); otherwise one centred train or tone driven by the summed rate of the audible cells.
/// </summary>
public sealed class Sonifier
{
    public const int SampleRate = 44100;
    readonly List<ClickTrainProvider> _trains = [];

    public Sonifier(IReadOnlyList<CellInfo> cells, SoundBoard board, SonifyMode mode, int seed = 1)
    {
        Board = board;
        var mixer = new MixingSampleProvider(WaveFormat.CreateIeeeFloatWaveFormat(SampleRate, 2)) { ReadFully = true };
        switch (mode)
        {
            case SonifyMode.Cells:
                for (int c = 0; c < cells.Count; c++)
                {
                    int cell = c;
                    var train = new ClickTrainProvider(() => board.AudibleRate(cell), unchecked(seed * 1_000_003 + cell));
                    _trains.Add(train);
                    mixer.AddMixerInput(new PanningSampleProvider(train) { Pan = PanOf(cells[c]) });
                }
                break;
            case SonifyMode.Population:
                var all = new ClickTrainProvider(board.AudibleTotal, seed);
                _trains.Add(all);
                mixer.AddMixerInput(new PanningSampleProvider(all) { Pan = 0 });
                break;
            case SonifyMode.Pitch:
                mixer.AddMixerInput(new PanningSampleProvider(new PitchProvider(board.AudibleTotal, 10f * Math.Max(1, cells.Count))) { Pan = 0 });
                break;
        }
        Output = mixer;
    }

    public SoundBoard Board { get; }

    /// <summary>Stereo, 44.1 kHz, never ends.</summary>
    public ISampleProvider Output { get; }

    /// <summary>Clicks made so far (all trains).</summary>
    public long Clicks => _trains.Sum(t => t.Clicks);

    /// <summary>-1 (left) to +1 (right) from the receptive-field centre's x in stimulus pixels.</summary>
    public static float PanOf(CellInfo cell) => (float)Math.Clamp(cell.CenterX / FrameSpec.Width * 2 - 1, -1, 1);
}
