using ViST.RetinaModel;
using ViST.Simulator.Display;
using ViST.Simulator.Loop;

namespace ViST.Simulator.Tests;

public class CellPanelTests
{
    static readonly CellInfo[] Cells = [new(0, "hot", 90, 60), new(1, "cold", 270, 300), new(2, "mid", 180, 180)];

    static (PanelImage Image, CellPanel Panel) Drawn(int frames, float[] rates, int width = 360, int height = 600)
    {
        var panel = new CellPanel(Cells, history: 100, maxRate: 40) { TracedCells = [0] };
        for (int i = 0; i < frames; i++) panel.OnFrame(new FrameResult(i, i / 30.0, rates, 1, false, 0));
        var image = new PanelImage(width, height);
        panel.Draw(image);
        return (image, panel);
    }

    [Fact]
    public void Cells_are_drawn_at_their_receptive_field_centres_in_the_colour_of_their_rate()
    {
        var (image, _) = Drawn(5, [40, 0, 20]);
        Assert.Equal(RateColors.Of(40, 40), image.Get(90, 60));       // stimulus (90,60) on a 360-wide map: same place
        Assert.Equal(RateColors.Of(0, 40), image.Get(270, 300));
        Assert.Equal(RateColors.Of(20, 40), image.Get(180, 180));
        Assert.Equal(image.Get(5, 5), image.Get(200, 60));              // between cells: background
        Assert.NotEqual(image.Get(90, 60), image.Get(270, 300));

        var (half, _) = Drawn(5, [40, 0, 20], width: 180, height: 300);  // a smaller panel scales the map
        Assert.Equal(RateColors.Of(40, 40), half.Get(45, 30));
        Assert.Equal(RateColors.Of(0, 40), half.Get(135, 150));
    }

    [Fact]
    public void The_raster_has_spikes_only_in_the_rows_of_firing_cells_and_the_traces_follow_the_rates()
    {
        var (image, _) = Drawn(100, [30, 0, 0]);
        int rasterTop = 360 + 120, rowHeight = 120 / 3;
        int Lit(int y0, int y1) => Enumerable.Range(y0, y1 - y0).Sum(y => Enumerable.Range(0, 360).Count(x => image.Get(x, y) == new Rgba(250, 250, 250)));
        Assert.InRange(Lit(rasterTop, rasterTop + rowHeight), 80, 100);  // ~ 30/30 per frame: nearly every frame
        Assert.Equal(0, Lit(rasterTop + rowHeight, 600));
        // the traced cell's line runs at 30/40 of the trace strip's height, the population mean (10) lower
        int traceTop = 360, y30 = traceTop + 119 - (int)Math.Round(0.75 * 119), y10 = traceTop + 119 - (int)Math.Round(0.25 * 119);
        Assert.Contains(Enumerable.Range(y30 - 1, 3), y => image.Get(200, y) == new Rgba(86, 180, 233));
        Assert.Contains(Enumerable.Range(y10 - 1, 3), y => image.Get(200, y) == new Rgba(240, 240, 240));
    }

    [Fact]
    public void Colours_rise_from_dark_to_bright_and_bad_settings_are_refused()
    {
        int Brightness(Rgba c) => c.R + c.G + c.B;
        var steps = Enumerable.Range(0, 11).Select(i => Brightness(RateColors.Of(i * 4, 40))).ToList();
        Assert.Equal(steps.OrderBy(b => b), steps);
        Assert.Equal(RateColors.Of(40, 40), RateColors.Of(400, 40));
        Assert.Throws<ArgumentException>(() => new CellPanel(Cells) { TracedCells = [3] });
        Assert.Throws<ArgumentException>(() => new PanelImage(0, 10));
    }
}
