using ViST.Tests;
using ViST.Trainer.Training;
using Xunit;

namespace ViST.Trainer.Tests;

/// <summary>A training killed between Checkpoint.Save's two renames leaves no checkpoint folder in place; resume puts
/// the newest complete one back (state.json is written last, so a folder holding it is complete).</summary>
public class CheckpointSwapTests
{
    static string Folder(string path, int? epoch)
    {
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "model.safetensors"), "weights");
        if (epoch is int e) File.WriteAllText(Path.Combine(path, "state.json"), $"{{\"Epoch\":{e},\"SwaCount\":0}}");
        return path;
    }

    static string EpochIn(string dir) => File.ReadAllText(Path.Combine(dir, "state.json"));

    [Fact]
    public void A_complete_new_checkpoint_left_in_tmp_is_put_in_place()
    {
        string dir = Path.Combine(TestPaths.TempDir(), "checkpoint");
        Folder(dir + ".old", 3);
        Folder(dir + ".tmp", 4);
        Assert.True(Checkpoint.Exists(dir));
        Assert.Contains("\"Epoch\":4", EpochIn(dir));
    }

    [Fact]
    public void An_incomplete_tmp_falls_back_to_the_previous_checkpoint()
    {
        string dir = Path.Combine(TestPaths.TempDir(), "checkpoint");
        Folder(dir + ".old", 3);
        Folder(dir + ".tmp", epoch: null);
        Assert.True(Checkpoint.Exists(dir));
        Assert.Contains("\"Epoch\":3", EpochIn(dir));
    }

    [Fact]
    public void A_checkpoint_in_place_is_kept_and_none_at_all_is_none()
    {
        string root = TestPaths.TempDir(), dir = Path.Combine(root, "checkpoint");
        Folder(dir, 5);
        Folder(dir + ".tmp", epoch: null);
        Assert.True(Checkpoint.Exists(dir));
        Assert.Contains("\"Epoch\":5", EpochIn(dir));
        Assert.False(Checkpoint.Exists(Path.Combine(root, "elsewhere")));
    }
}
