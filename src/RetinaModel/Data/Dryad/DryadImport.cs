using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Data.Masks;

namespace ViST.RetinaModel.Data.Dryad;

/// <summary>What to import from a Dryad download.</summary>
/// <param name="Recording">1 or 2 (the two retinas; 38 and 49 cells).</param>
/// <param name="Movies">which movies: [1], [2] or [1, 2]; both share the recording's cells.</param>
/// <param name="FrameMs">frame duration in ms; null: trial length / number of frames of each movie.</param>
/// <param name="TrialMs">trial length in ms used when <paramref name="FrameMs"/> is null (the Dryad movie trials last
/// 18 s: their spike times run to 17,995-18,000 ms).</param>
/// <param name="RfFile">the RF contour file; null: found in NeuralData/ReceptiveFields by recording.</param>
public sealed record DryadImportOptions(string Root, string OutDir, int Recording = 1, int[]? Movies = null,
    double? FrameMs = null, double TrialMs = DryadImport.DefaultTrialMs, string? RfFile = null)
{
    public int[] MovieList => Movies ?? [1, 2];
}

/// <summary>Per movie: its frame duration, the split-half reliability of its trials at 33 ms bins, dropped spikes.</summary>
public sealed record DryadMovieSummary(int Movie, string SpikeFile, int Frames, double FrameMs, double SplitHalfR, int DroppedSpikes);

/// <summary>
/// Turns a Dryad download into a dataset folder: frames of each movie (transposed to row-major), spike counts per
/// frame bin for every trial (trials.npy, spikes/s), their trial average (rates.npy, spikes/s), RF masks from the
/// contours (patch coverage), one segment per movie, and splits: "cross-movie" (train movie 1, test movie 2, the
/// default when both are imported), "cross-movie-reverse", and per movie "within-movieK" (first half train,
/// second half test; contiguous halves so that training windows never overlap test frames).
/// </summary>
public static class DryadImport
{
    public const double DefaultTrialMs = 18_000;
    /// <summary>Bin width of the reported split-half reliability (one 30 Hz frame), as in the literature figures.</summary>
    public const double ReliabilityBinMs = 1000.0 / 30;

    public static (Dataset Dataset, IReadOnlyList<DryadMovieSummary> Movies) Run(DryadImportOptions o)
    {
        if (o.Recording is not (1 or 2)) throw new ArgumentException($"--recording must be 1 or 2, got {o.Recording}");
        var movies = o.MovieList;
        if (movies.Length == 0 || movies.Any(m => m is not (1 or 2)) || movies.Distinct().Count() != movies.Length)
            throw new ArgumentException($"movies must be 1, 2 or both, got [{string.Join(",", movies)}]");
        if (o.FrameMs is { } givenMs && !(givenMs > 0) || !(o.TrialMs > 0)) throw new ArgumentException("frame and trial durations must be > 0 ms");
        if (!Directory.Exists(o.Root)) throw new DirectoryNotFoundException($"{o.Root}: no such folder (expected a Dryad download with Stimuli/ and NeuralData/)");

        string rfFile = o.RfFile ?? DryadLayout.ReceptiveFieldFile(o.Root, o.Recording);
        var contours = DryadReceptiveFields.Read(rfFile);

        var frames = new List<byte[]>();
        var rates = new List<float[]>();
        var trials = new List<float[]>();
        var segments = new List<DatasetSegment>();
        var summaries = new List<DryadMovieSummary>();
        int neurons = -1, trialCount = -1, start = 0;
        foreach (int movie in movies)
        {
            string spikeFile = DryadLayout.SpikeFile(o.Root, o.Recording, movie);
            var recording = SpikeRecording.Read(spikeFile);
            if (neurons >= 0 && (recording.Neurons != neurons || recording.Trials != trialCount))
                throw new InvalidDataException($"{spikeFile}: {recording.Neurons} cells x {recording.Trials} trials, but the other movie of recording {o.Recording} has {neurons} x {trialCount}");
            neurons = recording.Neurons; trialCount = recording.Trials;
            if (contours.Count != neurons)
                throw new InvalidDataException($"{rfFile}: {contours.Count} RF contours, but {spikeFile} has {neurons} cells");

            string stimulusFolder = DryadLayout.StimulusFolder(o.Root, movie);
            var movieFrames = DryadStimulus.ReadMovie(stimulusFolder, out int f);
            double frameMs = o.FrameMs ?? o.TrialMs / f;
            if (recording.LastSpikeMs > f * frameMs + frameMs)
                throw new InvalidDataException($"{spikeFile}: spikes run to {recording.LastSpikeMs} ms but {f} frames of {frameMs:G4} ms last only {f * frameMs:G6} ms; check --frame-ms / --trial-ms");
            var (counts, dropped) = recording.Bin(f, frameMs);
            double toRate = 1000.0 / frameMs;
            for (int i = 0; i < counts.Length; i++) counts[i] = (float)(counts[i] * toRate);
            rates.Add(TrialMean(counts, recording.Trials, f * neurons));
            trials.Add(counts);
            frames.Add(movieFrames);

            int reliabilityBins = (int)Math.Ceiling(f * frameMs / ReliabilityBinMs);
            var (reliabilityCounts, _) = recording.Bin(reliabilityBins, ReliabilityBinMs);
            double r = Reliability.SplitHalf(reliabilityCounts, recording.Trials, reliabilityBins, neurons).Mean;

            segments.Add(new DatasetSegment($"movie{movie}", start, f, frameMs, Path.GetFileName(spikeFile) + " + " + Path.GetRelativePath(o.Root, stimulusFolder)));
            summaries.Add(new DryadMovieSummary(movie, spikeFile, f, frameMs, r, dropped));
            start += f;
        }

        var manifest = new DatasetManifest
        {
            Name = $"dryad-recording{o.Recording}",
            Source = $"Dryad doi:10.5061/dryad.4ch10 (Onken et al. 2016), recording {o.Recording}, imported from {Path.GetFullPath(o.Root)}; RF contours {Path.GetFileName(rfFile)}",
            Segments = segments,
            Splits = Splits(movies, segments),
            DefaultSplit = movies.Length == 2 ? "cross-movie" : $"within-movie{movies[0]}",
            CellInfo = contours.Select((c, i) => { var p = RfMasks.Centroid(c); return new DatasetCell(i, "unknown", p.X, p.Y); }).ToList(),
            Stats = summaries.ToDictionary(s => $"split_half_r_33ms/movie{s.Movie}", s => Math.Round(s.SplitHalfR, 4)),
        };
        var masks = contours.SelectMany(c => RfMasks.FromPolygon(c)).ToArray();
        var dataset = DatasetWriter.Write(o.OutDir, Concat(frames), Concat(rates), Interleave(trials, trialCount), masks, manifest);
        return (dataset, summaries);
    }

    static Dictionary<string, DatasetSplitSpec> Splits(int[] movies, List<DatasetSegment> segments)
    {
        var splits = new Dictionary<string, DatasetSplitSpec>();
        if (movies.Length == 2)
        {
            splits["cross-movie"] = new([new("movie1")], [new("movie2")]);
            splits["cross-movie-reverse"] = new([new("movie2")], [new("movie1")]);
        }
        foreach (var s in segments)
            splits[$"within-{s.Name}"] = new([new(s.Name, 0, s.Frames / 2)], [new(s.Name, s.Frames / 2)]);
        return splits;
    }

    static float[] TrialMean(float[] perTrial, int trials, int perTrialLength)
    {
        var mean = new float[perTrialLength];
        for (int r = 0; r < trials; r++)
            for (int i = 0; i < perTrialLength; i++) mean[i] += perTrial[r * perTrialLength + i];
        for (int i = 0; i < perTrialLength; i++) mean[i] /= trials;
        return mean;
    }

    static T[] Concat<T>(List<T[]> parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Per-movie [R,F_m,N] blocks to one [R,sum F_m,N] array (each trial runs through all movies).</summary>
    static float[] Interleave(List<float[]> perMovie, int trials)
    {
        var result = new float[perMovie.Sum(p => (long)p.Length)];
        long pos = 0;
        for (int r = 0; r < trials; r++)
            foreach (var block in perMovie)
            {
                int len = block.Length / trials;
                Array.Copy(block, (long)r * len, result, pos, len);
                pos += len;
            }
        return result;
    }
}
