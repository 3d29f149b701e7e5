using ScottPlot;

namespace ViST.InSilico.Analysis;

/// <summary>Several plots side by side in one PNG (ScottPlot paints a plot's whole canvas, so each gets a clipped panel).</summary>
public static class PlotPanels
{
    public static void SideBySide(string path, int panelWidth, int height, params Plot[] plots)
    {
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(panelWidth * plots.Length, height));
        surface.Canvas.Clear(SkiaSharp.SKColors.White);
        for (int i = 0; i < plots.Length; i++)
        {
            int x = i * panelWidth;
            surface.Canvas.Save();
            surface.Canvas.ClipRect(new SkiaSharp.SKRect(x, 0, x + panelWidth, height));
            plots[i].Render(surface.Canvas, new PixelRect(x, x + panelWidth, height, 0));
            surface.Canvas.Restore();
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
