using ViST.RetinaModel.Data.Mat;

namespace ViST.RetinaModel.Data.Dryad;

/// <summary>
/// Spike times of one movie recording in the Dryad layout (doi:10.5061/dryad.4ch10, NeuralData/Spikes/*.mat):
/// scalars n_neurons, n_trials and a cell array Spikes (neurons x trials), each cell a vector of spike times in
/// milliseconds after stimulus onset.
/// </summary>
public sealed class SpikeRecording
{
    public string Source { get; }
    public int Neurons { get; }
    public int Trials { get; }
    /// <summary>Spike times in ms, indexed [neuron][trial][spike], in file order.</summary>
    public double[][][] TimesMs { get; }

    public SpikeRecording(string source, double[][][] timesMs)
    {
        Source = source; TimesMs = timesMs;
        Neurons = timesMs.Length;
        Trials = Neurons == 0 ? 0 : timesMs[0].Length;
    }

    /// <summary>The latest spike time of any cell and trial (ms); a lower bound on the trial length.</summary>
    public double LastSpikeMs => TimesMs.SelectMany(n => n).Where(t => t.Length > 0).Select(t => t.Max()).DefaultIfEmpty(0).Max();

    /// <summary>Reads a movie spike file; a clear error naming the file when it is not of that shape.</summary>
    public static SpikeRecording Read(string path)
    {
        var mat = MatFile.Read(path);
        var spikes = mat.Get<MatCell>("Spikes");
        int neurons = (int)mat.Get<MatNumeric>("n_neurons").Scalar($"{path}: n_neurons");
        int trials = (int)mat.Get<MatNumeric>("n_trials").Scalar($"{path}: n_trials");
        if (spikes.Dims.Length != 2 || spikes.Rows != neurons || spikes.Columns != trials)
            throw new InvalidDataException($"{path}: Spikes is a {spikes.DimsText} cell array, expected n_neurons x n_trials = {neurons}x{trials} " +
                "(a movie recording; Gratings/NaturalImages/Shifts files hold one such array per stimulus)");
        var times = new double[neurons][][];
        for (int n = 0; n < neurons; n++)
        {
            times[n] = new double[trials][];
            for (int r = 0; r < trials; r++)
            {
                if (spikes[n, r] is not MatNumeric train || (!train.IsEmpty && train.Rows != 1 && train.Columns != 1))
                    throw new InvalidDataException($"{path}: Spikes{{{n + 1},{r + 1}}} is a {spikes[n, r]} array, expected a vector of spike times");
                if (train.Real.Any(t => !double.IsFinite(t)))
                    throw new InvalidDataException($"{path}: Spikes{{{n + 1},{r + 1}}} holds a non-finite spike time");
                times[n][r] = train.Real;
            }
        }
        return new SpikeRecording(path, times);
    }

    /// <summary>
    /// Spike counts per bin, [trials, bins, neurons] (the dataset's trials.npy order). Bin k covers
    /// [k*binMs, (k+1)*binMs); a spike exactly at the end of the last bin counts in it, spikes before 0 or after
    /// the end are dropped (their number is returned).
    /// </summary>
    public (float[] Counts, int Dropped) Bin(int bins, double binMs)
    {
        if (bins <= 0 || !(binMs > 0)) throw new ArgumentException($"need bins > 0 and binMs > 0 (got {bins}, {binMs})");
        var counts = new float[(long)Trials * bins * Neurons];
        int dropped = 0;
        double end = bins * binMs;
        for (int n = 0; n < Neurons; n++)
            for (int r = 0; r < Trials; r++)
                foreach (double t in TimesMs[n][r])
                {
                    if (t < 0 || t > end) { dropped++; continue; }
                    int k = Math.Min(bins - 1, (int)(t / binMs));
                    counts[((long)r * bins + k) * Neurons + n]++;
                }
        return (counts, dropped);
    }
}
