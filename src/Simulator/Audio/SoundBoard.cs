namespace ViST.Simulator.Audio;

/// <summary>How the population is heard: every cell its own click train, one train at the summed rate, or a tone
/// whose pitch follows the summed rate.</summary>
public enum SonifyMode { Cells, Population, Pitch }

/// <summary>
/// What the sound generators read: the latest rate of every cell and which cells are audible (solo/mute).
/// Written by the loop (rates) and by the user (solo/mute); read by the audio thread. A soloed set, when not empty,
/// silences every other cell; muting wins over solo.
/// </summary>
public sealed class SoundBoard(int cells)
{
    readonly float[] _rates = new float[cells];
    readonly HashSet<int> _solo = [], _muted = [];
    readonly object _gate = new();

    public void SetRates(ReadOnlySpan<float> rates)
    {
        if (rates.Length != _rates.Length) throw new ArgumentException($"{rates.Length} rates for {_rates.Length} cells");
        lock (_gate) rates.CopyTo(_rates);
    }

    public void Solo(IEnumerable<int> cells) { lock (_gate) { _solo.Clear(); _solo.UnionWith(Check(cells)); } }
    public void Mute(int cell, bool muted) { lock (_gate) { if (muted) _muted.Add(Check([cell]).Single()); else _muted.Remove(cell); } }

    /// <summary>The rate to sound for a cell: 0 when it is muted or another cell is soloed; negative rates count as 0.</summary>
    public float AudibleRate(int cell)
    {
        lock (_gate)
        {
            if (_muted.Contains(cell) || _solo.Count > 0 && !_solo.Contains(cell)) return 0;
            return Math.Max(0, _rates[cell]);
        }
    }

    /// <summary>The summed rate of the audible cells.</summary>
    public float AudibleTotal()
    {
        float sum = 0;
        for (int c = 0; c < _rates.Length; c++) sum += AudibleRate(c);
        return sum;
    }

    IEnumerable<int> Check(IEnumerable<int> cells) => cells.Select(c => c >= 0 && c < _rates.Length ? c
        : throw new ArgumentException($"cell {c} does not exist (cells are 0..{_rates.Length - 1})"));
}
