using ViST.Trainer.Training;
using Xunit;

namespace ViST.Trainer.Tests;

public class ProgramInfoTests
{
    [Theory]
    [InlineData("/work/runs/study/pixels-s0", "/work/runs", "study/pixels-s0")]    // inside: relative, runs again as written
    [InlineData("/work/runs/study/pixels-s0/", "/work/runs", "study/pixels-s0")]
    [InlineData("/work/data/mix15", "/work/runs", "mix15")]                        // outside: only its name
    [InlineData("/work/runs", "/work/runs", "runs")]                               // the folder itself: its name, never "."
    [InlineData("runs/a", "/work", "runs/a")]                                      // as typed
    [InlineData("--epochs", "/work", "--epochs")]
    public void Absolute_paths_become_relative_or_their_name(string arg, string workingDirectory, string expected) =>
        Assert.Equal(expected, ProgramInfo.Portable(arg, workingDirectory));
}
