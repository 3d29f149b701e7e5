using System.CommandLine;
using ViST.Cli;
using ViST.Renderer.Scenes;
using ViST.RetinaModel;
using ViST.Simulator.Commands;
using ViST.Simulator.Display;
using ViST.Simulator.Runtime;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>`vist run` with its live window under a private Xvfb: the real renderer and the LN retina on the
/// grating scene, a screenshot taken through the window after a second.</summary>
public class LiveWindowTests
{
    [Fact]
    public async Task A_live_run_shows_the_stimulus_beside_the_cells_coloured_by_rate()
    {
        using var display = new XvfbDisplay();
        using (new Renderer.SceneWindow("probe", 64, 64)) { }   // where no window can open under Xvfb, this fails with the reason
        Task<(byte[] Rgba, int Width, int Height)>? shot = null;
        var factories = new RuntimeFactories(SceneStimulus.Create, _ => RetinaFactory.Open("ln"), path => SceneJson.Load(path).ToJson())
        {
            WindowOpened = window => shot = Task.Delay(TimeSpan.FromSeconds(1.2)).ContinueWith(_ => window.CaptureAsync()).Unwrap(),
        };
        var root = new RootCommand();
        root.Subcommands.Add(RunCommand.Create(factories));
        string scene = Path.Combine(TestPaths.RepoRoot, "scenes", "grating.json");
        Assert.Equal(0, CliRunner.Run(root, ["run", "--scene", scene, "--seconds", "2"]));

        Assert.True(shot is not null, "vist run did not open its window under Xvfb (the run's stderr says why)");
        var (rgba, w, h) = await shot!;
        PngFile.Write(Path.Combine(Path.GetTempPath(), "vist-live-window.png"), rgba, w, h);   // left for people to look at
        Assert.Equal((1080, 720), (w, h));
        (byte R, byte G, byte B) At(int x, int y) { int i = (y * w + x) * 4; return (rgba[i], rgba[i + 1], rgba[i + 2]); }

        // left: the 360x360 grating at twice its size, gray, with most of its luminance range
        var left = Enumerable.Range(0, 72).SelectMany(j => Enumerable.Range(0, 72).Select(i => At(i * 10 + 3, j * 10 + 3))).ToList();
        Assert.All(left, p => Assert.True(p.R == p.G && p.G == p.B, $"stimulus pixel {p} is not gray"));
        Assert.True(left.Max(p => p.R) - left.Min(p => p.R) > 120, "the grating's bars are missing");

        // right: the panel at 1:1, the cell map under the status lines, a disc at every receptive-field centre
        var cells = RetinaFactory.Open("ln").Cells;
        var centres = cells.Select(c => At(720 + Math.Clamp((int)c.CenterX, 0, 359), LiveView.HudHeight + Math.Clamp((int)c.CenterY, 0, 359))).ToList();
        Assert.All(centres, p => Assert.NotEqual(((byte)24, (byte)24, (byte)28), p));   // not the panel's background
        int coloured = centres.Count(p => Math.Max(p.R, Math.Max(p.G, p.B)) - Math.Min(p.R, Math.Min(p.G, p.B)) > 30);
        Assert.True(coloured >= cells.Count / 4, $"only {coloured} of {cells.Count} cells are coloured by a rate");
        Assert.True(centres.Distinct().Count() > 5, "the cells all have one colour: the rates do not reach the map");
    }
}
