using ViST.RetinaModel.Data.Dryad;
using ViST.RetinaModel.Data.Mat;
using ViST.Tests;
using static ViST.RetinaModel.Tests.MatV5Writer;

namespace ViST.RetinaModel.Tests;

public class DataTestsMat
{
    [Theory]
    [InlineData("Movie1Exp1.mat", 38, 30)]
    [InlineData("Movie2Exp1.mat", 38, 30)]
    [InlineData("Movie2Exp2.mat", 49, 30)]
    [InlineData("Movie1Exp2.mat", 49, 30)]
    public void Real_movie_spike_files_have_the_documented_shape(string file, int neurons, int trials)
    {
        var mat = MatFile.Read(TestPaths.Dryad(file));
        Assert.StartsWith("MATLAB 5.0 MAT-file", mat.HeaderText);
        Assert.Equal(neurons, mat.Get<MatNumeric>("n_neurons").Scalar("n_neurons"));
        Assert.Equal(trials, mat.Get<MatNumeric>("n_trials").Scalar("n_trials"));
        var spikes = mat.Get<MatCell>("Spikes");
        Assert.Equal([neurons, trials], spikes.Dims);
        var trains = spikes.Elements.Cast<MatNumeric>().ToArray();
        Assert.All(trains, t => Assert.Equal(MatClass.Int32, t.Class));
        Assert.All(trains, t => Assert.True(t.IsEmpty || t.Columns == 1));
        var all = trains.SelectMany(t => t.Real).ToArray();
        Assert.InRange(all.Min(), 0, 1000);
        Assert.InRange(all.Max(), 17_900, 18_000);                  // trials of about 18 s
        Assert.All(all, t => Assert.Equal(Math.Round(t), t));       // whole milliseconds

        var rec = SpikeRecording.Read(TestPaths.Dryad(file));
        Assert.Equal(neurons, rec.Neurons);
        Assert.Equal(trials, rec.Trials);
        Assert.Equal(all.Length, rec.TimesMs.Sum(n => n.Sum(t => t.Length)));
    }

    [Theory]
    [InlineData("Gratings.mat", 60, 1, 54, 30)]
    [InlineData("NaturalImages1.mat", 60, 1, 38, 30)]
    [InlineData("NaturalImages2.mat", 60, 1, 49, 30)]
    [InlineData("Shifts1.mat", 9, 9, 23, 19)]
    [InlineData("Shifts2.mat", 9, 9, 37, 19)]
    public void Real_nested_stimulus_files_have_one_cell_array_per_stimulus(string file, int rows, int columns, int neurons, int trials)
    {
        var mat = MatFile.Read(TestPaths.Dryad(file));
        var spikes = mat.Get<MatCell>("Spikes");
        Assert.Equal([rows, columns], spikes.Dims);
        Assert.Equal(neurons, mat.Get<MatNumeric>("n_neurons").Scalar("n_neurons"));
        foreach (var stimulus in spikes.Elements)
        {
            var perStimulus = Assert.IsType<MatCell>(stimulus);
            Assert.Equal([neurons, trials], perStimulus.Dims);
            Assert.All(perStimulus.Elements, e => Assert.IsType<MatNumeric>(e));
        }
    }

    [Fact]
    public void Nested_stimulus_file_is_refused_as_a_movie_recording_with_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => SpikeRecording.Read(TestPaths.Dryad("Gratings.mat")));
        Assert.Contains("Gratings.mat", e.Message);
        Assert.Contains("60x1", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Written_values_read_back_exactly(bool compress)
    {
        string path = Path.Combine(TestPaths.TempDir(), "fixture.mat");
        Write(path, compress,
            ("x", Scalar(2.5)),
            ("m", Matrix(2, 3, 1, 2, 3, 4, 5, 6)),
            ("label", new Chars("ON cell")),
            ("nested", new Cell([1, 2], [Column(7, -8, 9), new Cell([1, 1], [Column()])])));
        var mat = MatFile.Read(path);
        Assert.Equal(2.5, mat.Get<MatNumeric>("x").Scalar("x"));
        var m = mat.Get<MatNumeric>("m");
        Assert.Equal([2, 3], m.Dims);
        Assert.Equal(6, m[1, 2]);                              // row 2, column 3 (column-major storage)
        Assert.Equal(4, m[1, 0]);
        Assert.Equal("ON cell", mat.Get<MatChar>("label").Text);
        var nested = mat.Get<MatCell>("nested");
        Assert.Equal([7.0, -8, 9], ((MatNumeric)nested[0, 0]).Real);
        Assert.Equal(MatClass.Int32, nested[0, 0].Class);
        Assert.True(((MatCell)nested[0, 1])[0].IsEmpty);
    }

    [Fact]
    public void Asking_for_a_missing_variable_or_the_wrong_kind_names_the_file()
    {
        string path = Path.Combine(TestPaths.TempDir(), "one.mat");
        Write(path, false, ("x", Scalar(1)));
        var mat = MatFile.Read(path);
        Assert.Contains("no variable 'Spikes'", Assert.Throws<InvalidDataException>(() => mat.Get<MatCell>("Spikes")).Message);
        var e = Assert.Throws<InvalidDataException>(() => mat.Get<MatCell>("x"));
        Assert.Contains("one.mat", e.Message);
        Assert.Contains("expected a cell array", e.Message);
    }

    [Fact]
    public void Truncated_file_gets_a_clear_error()
    {
        string dir = TestPaths.TempDir();
        string whole = Path.Combine(dir, "whole.mat"), cut = Path.Combine(dir, "cut.mat");
        Write(whole, false, ("m", Matrix(2, 3, 1, 2, 3, 4, 5, 6)));
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes[..(bytes.Length - 20)]);
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(cut));
        Assert.Contains("cut.mat", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Truncated_compressed_real_file_gets_a_clear_error()
    {
        string cut = Path.Combine(TestPaths.TempDir(), "Movie1Exp1-cut.mat");
        var bytes = File.ReadAllBytes(TestPaths.Dryad("Movie1Exp1.mat"));
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(cut));
        Assert.Contains("Movie1Exp1-cut.mat", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Hdf5_v73_file_is_refused_with_advice()
    {
        string path = Path.Combine(TestPaths.TempDir(), "new.mat");
        var bytes = new byte[1024];
        System.Text.Encoding.ASCII.GetBytes("MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 .").CopyTo(bytes, 0);
        new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a }.CopyTo(bytes, 512);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(path));
        Assert.Contains("new.mat", e.Message);
        Assert.Contains("v7.3", e.Message);
    }

    [Fact]
    public void Unsupported_array_class_is_refused_naming_file_and_variable()
    {
        string path = Path.Combine(TestPaths.TempDir(), "sparse.mat");
        Write(path, false, ("S", Scalar(1)));
        var bytes = File.ReadAllBytes(path);
        bytes[128 + 8 + 8] = 5;                         // the first array's class byte: mxSPARSE_CLASS
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(path));
        Assert.Contains("sparse.mat", e.Message);
        Assert.Contains("sparse arrays are not supported", e.Message);
    }

    [Fact]
    public void Not_a_mat_file_is_refused()
    {
        string path = Path.Combine(TestPaths.TempDir(), "frame.raw");
        File.WriteAllBytes(path, new byte[360 * 360]);
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(path));
        Assert.Contains("frame.raw", e.Message);
        Assert.Contains("not a MATLAB v5 MAT-file", e.Message);
    }

    [Fact]
    public void Spike_file_of_the_wrong_shape_is_refused_naming_the_file()
    {
        string path = Path.Combine(TestPaths.TempDir(), "BadSpikes.mat");
        Write(path, true, ("n_neurons", Scalar(3)), ("n_trials", Scalar(2)),
            ("Spikes", new Cell([2, 2], [Column(1), Column(2), Column(3), Column(4)])));
        var e = Assert.Throws<InvalidDataException>(() => SpikeRecording.Read(path));
        Assert.Contains("BadSpikes.mat", e.Message);
        Assert.Contains("2x2", e.Message);
        Assert.Contains("3x2", e.Message);
    }

    [Fact]
    public void Binning_counts_spikes_per_bin_and_drops_those_outside_the_trial()
    {
        var rec = new SpikeRecording("test", [[[0, 9.9, 10, 35, 40, 41], [-1, 5]]]);
        var (counts, dropped) = rec.Bin(bins: 4, binMs: 10);
        // trial 1: bin0 {0, 9.9}, bin1 {10}, bin3 {35, 40 (end of the last bin)}, 41 dropped; trial 2: bin0 {5}, -1 dropped
        Assert.Equal([2f, 1, 0, 2, 1, 0, 0, 0], counts);
        Assert.Equal(2, dropped);
    }
}
