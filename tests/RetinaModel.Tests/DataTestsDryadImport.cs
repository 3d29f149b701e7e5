using ViST.RetinaModel.Data;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.Data.Dryad;
using ViST.Tests;
using static ViST.RetinaModel.Tests.MatV5Writer;

namespace ViST.RetinaModel.Tests;

/// <summary>Import from a stand-in Dryad download: the real spike files of recording 2, plus stimulus frames and RF
/// contours built here in the Dryad layout (the real ones are not shipped with the project).</summary>
public class DataTestsDryadImport
{
    const int S = 360;
    const int Movie1Frames = 60, Movie2Frames = 45;
    const int Cells = 49;

    /// <summary>Frame i of movie m: all zero except pixel (row 10 + i, column 200 + m), which holds i + 1; written
    /// column-major as MATLAB's fread reads it back.</summary>
    static string BuildStandIn(bool withRfFile = true)
    {
        string root = TestPaths.TempDir("dryad");
        foreach (var (movie, frames) in new[] { (1, Movie1Frames), (2, Movie2Frames) })
        {
            string dir = Directory.CreateDirectory(DryadLayout.StimulusFolder(root, movie)).FullName;
            for (int i = 0; i < frames; i++)
            {
                var raw = new byte[S * S];
                int row = 10 + i, col = 200 + movie;
                raw[col * S + row] = (byte)(i + 1);
                File.WriteAllBytes(Path.Combine(dir, $"frame{i + 1}.raw"), raw);    // frame10 must sort after frame9
            }
        }
        string spikes = Directory.CreateDirectory(DryadLayout.SpikesFolder(root)).FullName;
        foreach (var f in new[] { "Movie2Exp2.mat", "Movie1Exp2.mat" }) File.Copy(TestPaths.Dryad(f), Path.Combine(spikes, f));
        string rfDir = Directory.CreateDirectory(DryadLayout.ReceptiveFieldsFolder(root)).FullName;
        if (withRfFile)
        {
            // cell k: a 45x45-px square (MATLAB coordinates, 1-based) whose top-left corner moves with k
            var contours = Enumerable.Range(0, Cells).Select(k =>
            {
                double x0 = 0.5 + 22.5 * (k % 14), y0 = 0.5 + 22.5 * (k / 14);
                return (Value)Matrix(2, 5, x0, x0 + 45, x0 + 45, x0, x0, y0, y0, y0 + 45, y0 + 45, y0);
            }).ToArray();
            Write(Path.Combine(rfDir, "RF_Exp2.mat"), true, ("ReceptiveFields", new Cell([1, Cells], contours)));
        }
        return root;
    }

    [Fact]
    public void Import_round_trip_keeps_frames_spikes_masks_and_splits()
    {
        string root = BuildStandIn(), output = Path.Combine(TestPaths.TempDir(), "ds");
        var (written, movies) = DryadImport.Run(new DryadImportOptions(root, output, Recording: 2));
        var d = Dataset.Load(output);
        Assert.Equal(Json(written.Manifest), Json(d.Manifest));       // manifest survives the JSON round trip
        Assert.Equal((Movie1Frames + Movie2Frames, Cells, 30), (d.FrameCount, d.CellCount, d.TrialCount));

        // frames transposed to row-major, in numeric file order, movie 1 then movie 2
        for (int i = 0; i < Movie1Frames; i++) Assert.Equal(i + 1, d.Frames.Frame(i)[(10 + i) * S + 201]);
        for (int i = 0; i < Movie2Frames; i++) Assert.Equal(i + 1, d.Frames.Frame(Movie1Frames + i)[(10 + i) * S + 202]);

        // frame duration = 18 s / frame count; every spike lands in a bin; rates are the trial mean
        Assert.Equal(18_000.0 / Movie1Frames, d.Manifest.Segments[0].FrameMs, 9);
        Assert.Equal(18_000.0 / Movie2Frames, d.Manifest.Segments[1].FrameMs, 9);
        Assert.All(movies, m => Assert.Equal(0, m.DroppedSpikes));
        var spikes1 = SpikeRecording.Read(TestPaths.Dryad("Movie2Exp2.mat"));        // recording 2, movie 1
        double seconds1 = 18.0 / Movie1Frames;
        for (int c = 0; c < Cells; c += 12)
        {
            double counted = 0;
            for (int r = 0; r < 30; r++)
                for (int f = 0; f < Movie1Frames; f++) counted += d.Trials![((long)r * d.FrameCount + f) * Cells + c] * seconds1;
            Assert.Equal(spikes1.TimesMs[c].Sum(t => t.Length), counted, 3);
        }
        for (int i = 0; i < d.Rates.Length; i += 97)
        {
            double mean = Enumerable.Range(0, 30).Average(r => d.Trials![(long)r * d.Rates.Length + i]);
            Assert.Equal(mean, d.Rates[i], 3);
        }

        // masks: cell 0 covers patches (0..1, 0..1) fully; its centre is (22.5, 22.5) in frame coordinates
        Assert.Equal(4, d.RfMasks.AsSpan(0, 256).ToArray().Sum(), 4);
        Assert.Equal(1f, d.RfMasks[1 * 16 + 1], 5);
        Assert.Equal(22.5, d.Cells[0].CenterX, 6);
        Assert.Equal(22.5 + 22.5, d.Cells[15].CenterY, 6);           // cell 15: second row of squares, y 22.5..67.5

        Assert.Equal("cross-movie", d.Manifest.DefaultSplit);
        Assert.Equal([new FrameRange("movie2", Movie1Frames, Movie2Frames)], d.GetSplit().Test);
        Assert.Equal([new FrameRange("movie1", 0, Movie1Frames / 2)], d.GetSplit("within-movie1").Train);
        Assert.Equal([new FrameRange("movie1", 0, Movie1Frames)], d.GetSplit("cross-movie-reverse").Test);
        Assert.Contains("split_half_r_33ms/movie1", d.Manifest.Stats.Keys);
    }

    static string Json(DatasetManifest m) => System.Text.Json.JsonSerializer.Serialize(m, DatasetManifest.Json);

    [Fact]
    public void Real_recordings_are_as_reliable_as_published()
    {
        string root = BuildStandIn();
        var (_, movies) = DryadImport.Run(new DryadImportOptions(root, Path.Combine(TestPaths.TempDir(), "ds"), Recording: 2));
        // recording 2, 33 ms bins: 0.948 (movie 1) and 0.958 (movie 2); the literature says 0.91-0.96
        Assert.All(movies, m => Assert.InRange(m.SplitHalfR, 0.93, 0.97));
        foreach (var file in new[] { "Movie1Exp1.mat", "Movie2Exp1.mat" })
        {
            var rec = SpikeRecording.Read(TestPaths.Dryad(file));
            int bins = (int)Math.Ceiling(18_000 / DryadImport.ReliabilityBinMs);
            var (counts, _) = rec.Bin(bins, DryadImport.ReliabilityBinMs);
            Assert.InRange(Reliability.SplitHalf(counts, rec.Trials, bins, rec.Neurons).Mean, 0.89, 0.94);
        }
    }

    [Fact]
    public void One_movie_import_has_a_within_movie_default_split()
    {
        string root = BuildStandIn(), output = Path.Combine(TestPaths.TempDir(), "ds");
        DryadImport.Run(new DryadImportOptions(root, output, Recording: 2, Movies: [2], FrameMs: 400));
        var d = Dataset.Load(output);
        Assert.Equal(Movie2Frames, d.FrameCount);
        Assert.Equal("within-movie2", d.GetSplit().Name);
        Assert.Equal(400, d.Manifest.Segments[0].FrameMs);
    }

    [Fact]
    public void Missing_or_mismatched_inputs_are_clear_errors()
    {
        string root = BuildStandIn(withRfFile: false), output = Path.Combine(TestPaths.TempDir(), "ds");
        var e = Assert.Throws<InvalidDataException>(() => DryadImport.Run(new DryadImportOptions(root, output, Recording: 2)));
        Assert.Contains("ReceptiveFields", e.Message);

        // recording 1 has 38 cells; the stand-in's contours are for recording 2's 49
        string rf = Path.Combine(BuildStandIn(), "NeuralData", "ReceptiveFields", "RF_Exp2.mat");
        e = Assert.Throws<InvalidDataException>(() => DryadImport.Run(new DryadImportOptions(root, output, Recording: 2, RfFile: rf, FrameMs: 1)));
        Assert.Contains("Movie2Exp2.mat: spikes run to", e.Message);

        File.WriteAllBytes(Path.Combine(DryadLayout.StimulusFolder(root, 1), "frame7.raw"), new byte[256 * 256]);
        e = Assert.Throws<InvalidDataException>(() => DryadImport.Run(new DryadImportOptions(root, output, Recording: 2, RfFile: rf)));
        Assert.Contains("frame7.raw: 65536 bytes", e.Message);
        Assert.False(Directory.Exists(output));                      // nothing half-written
    }
}
