using System.Text.Json.Nodes;
using ViST.RetinaModel.Data.Datasets;
using ViST.RetinaModel.IO;
using ViST.Tests;

namespace ViST.RetinaModel.Tests;

public class DataTestsDataset
{
    const int Px = 360 * 360;

    /// <summary>A small valid dataset: 2 segments of 6 and 4 frames, 3 cells, 2 trials, with or without splits.</summary>
    static string WriteSmall(bool withSplits = true)
    {
        string dir = TestPaths.TempDir();
        int f = 10, n = 3, r = 2;
        var frames = new byte[f * Px];
        for (int i = 0; i < f; i++) frames[i * Px] = (byte)i;
        var trials = Enumerable.Range(0, r * f * n).Select(i => (float)(i % 7)).ToArray();
        var rates = Enumerable.Range(0, f * n).Select(i => (trials[i] + trials[f * n + i]) / 2).ToArray();
        var masks = new float[n * 256];
        var manifest = new DatasetManifest
        {
            Name = "small",
            Segments = [new("movie1", 0, 6, 33.3), new("movie2", 6, 4, 33.3)],
            Splits = withSplits ? new() { ["cross-movie"] = new([new("movie1")], [new("movie2")]),
                                          ["within-movie1"] = new([new("movie1", 0, 3)], [new("movie1", 3)]) } : [],
            DefaultSplit = withSplits ? "cross-movie" : null,
            CellInfo = [new(0, "unknown", 1, 2), new(1, "unknown", 3, 4), new(2, "unknown", 5, 6)],
        };
        DatasetWriter.Write(dir, frames, rates, trials, masks, manifest);
        return dir;
    }

    [Fact]
    public void Written_dataset_loads_back_with_its_splits()
    {
        var d = Dataset.Load(WriteSmall());
        Assert.Equal((10, 3, 2), (d.FrameCount, d.CellCount, d.TrialCount));
        Assert.Equal(9, d.Frames.Frame(9)[0]);
        Assert.Equal(30, d.Rates.Length);
        Assert.Equal(new CellInfo(1, "unknown", 3, 4), d.Cells[1]);

        var cross = d.GetSplit();
        Assert.Equal("cross-movie", cross.Name);
        Assert.Equal([new FrameRange("movie1", 0, 6)], cross.Train);
        Assert.Equal([new FrameRange("movie2", 6, 4)], cross.Test);
        var within = d.GetSplit("within-movie1");
        Assert.Equal([new FrameRange("movie1", 0, 3)], within.Train);
        Assert.Equal([new FrameRange("movie1", 3, 3)], within.Test);
    }

    [Fact]
    public void Dataset_without_a_split_loads_but_asking_for_a_split_is_a_clear_error()
    {
        var d = Dataset.Load(WriteSmall(withSplits: false));
        var e = Assert.Throws<InvalidDataException>(() => d.GetSplit());
        Assert.Contains("manifest.json", e.Message);
        Assert.Contains("no splits", e.Message);
        var known = Dataset.Load(WriteSmall());
        Assert.Contains("no split 'bogus' (it has: cross-movie, within-movie1)", Assert.Throws<InvalidDataException>(() => known.GetSplit("bogus")).Message);
    }

    [Fact]
    public void Frames_of_the_wrong_size_are_refused_naming_the_file()
    {
        string dir = WriteSmall();
        Npy.Write(Path.Combine(dir, "frames.npy"), new byte[10 * 256 * 256], 10, 256, 256);
        var e = Assert.Throws<InvalidDataException>(() => Dataset.Load(dir));
        Assert.Contains("frames.npy", e.Message);
        Assert.Contains("[10,256,256]", e.Message);
    }

    [Fact]
    public void Rates_and_frames_of_different_lengths_are_refused()
    {
        string dir = WriteSmall();
        Npy.Write(Path.Combine(dir, "rates.npy"), new float[9 * 3], 9, 3);
        var e = Assert.Throws<InvalidDataException>(() => Dataset.Load(dir));
        Assert.Contains("rates.npy: has 9 frames but frames.npy has 10", e.Message);
    }

    [Fact]
    public void NaN_rates_are_refused_with_their_position()
    {
        string dir = WriteSmall();
        var rates = new float[30];
        rates[2 * 3 + 1] = float.NaN;
        Npy.Write(Path.Combine(dir, "rates.npy"), rates, 10, 3);
        var e = Assert.Throws<InvalidDataException>(() => Dataset.Load(dir));
        Assert.Contains("rates.npy: NaN at frame 2, cell 1", e.Message);
    }

    [Fact]
    public void Manifest_inconsistencies_are_refused()
    {
        string dir = WriteSmall();
        string path = Path.Combine(dir, "manifest.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["segments"]![1]!["frames"] = 5;
        File.WriteAllText(path, json.ToJsonString());
        Assert.Contains("segments cover 11 frames", Assert.Throws<InvalidDataException>(() => Dataset.Load(dir)).Message);

        json["segments"]![1]!["frames"] = 4;
        json["splits"]!["cross-movie"]!["test"]![0]!["segment"] = "movie3";
        File.WriteAllText(path, json.ToJsonString());
        Assert.Contains("segment 'movie3', which does not exist", Assert.Throws<InvalidDataException>(() => Dataset.Load(dir)).Message);

        File.WriteAllText(path, "{ \"format\": \"vist-dataset\", \"framez\": 3 }");
        var e = Assert.Throws<InvalidDataException>(() => Dataset.Load(dir));
        Assert.Contains("manifest.json: not a valid dataset manifest", e.Message);
        Assert.Contains("framez", e.Message);
    }

    [Fact]
    public void Missing_folder_or_manifest_is_a_clear_error()
    {
        Assert.Throws<DirectoryNotFoundException>(() => Dataset.Load(Path.Combine(TestPaths.TempDir(), "nope")));
        Assert.Contains("manifest.json", Assert.Throws<FileNotFoundException>(() => Dataset.Load(TestPaths.TempDir())).Message);
    }
}
