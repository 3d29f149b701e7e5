using System.Globalization;

namespace ViST.Simulator.Display;

/// <summary>
/// Paints the live window's side panel on the CPU: status lines and key help at the top (<see cref="PixelFont"/>),
/// then the <see cref="CellPanel"/> (cell map with the focused cell ringed, traces, raster). The window shows the
/// result beside the stimulus at the same height, so the panel is half as wide as it is tall.
/// </summary>
public sealed class LiveView
{
    public const int Width = 360, Height = 720, HudHeight = 64;
    static readonly Rgba HudBackground = new(12, 12, 16), Text = new(230, 230, 230), Accent = new(250, 200, 80), Dim = new(140, 140, 150);
    static readonly Rgba Ring = new(255, 255, 255);
    readonly PanelImage _cells = new(Width, Height - HudHeight);

    public PanelImage Image { get; } = new(Width, Height);

    /// <param name="sink">What to show.</param>
    /// <param name="selected">The parameter Up/Down change, with its place in the list (null: the scene has none).</param>
    /// <param name="focus">The cell in focus: ringed on the map, traced, and the one S solos.</param>
    public void Paint(DisplaySink sink, (TunableParam Param, int Index, int Count)? selected, int focus)
    {
        var hud = sink.Hud;
        var img = Image;
        img.FillRect(0, 0, Width, HudHeight, HudBackground);
        string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        PixelFont.Draw(img, 4, 3, $"FRAME {Math.Max(0, hud.Frame)}  T {F(hud.Time, "F1")} S  {F(hud.Fps, "F1")} FPS  P50 {F(hud.LatencyP50Ms, "F1")} MS", Text);
        PixelFont.Draw(img, 4, 3 + PixelFont.LineHeight, $"LATE {hud.Late}  DROPPED {hud.Dropped}", hud.Late + hud.Dropped > 0 ? Accent : Text);
        if (hud.Paused) PixelFont.Draw(img, Width - 4 - 6 * PixelFont.Advance, 3 + PixelFont.LineHeight, "PAUSED", Accent);
        string param = selected is { } s ? $"{s.Param.Label} = {s.Param.ValueText}  ({s.Index + 1}/{s.Count})" : "NO PARAMETERS TO STEP";
        PixelFont.Draw(img, 4, 3 + 2 * PixelFont.LineHeight, param, selected is null ? Dim : Accent);
        var cell = sink.Cells.Count > 0 ? sink.Cells[focus] : null;
        string solo = !sink.HasSound ? "" : hud.Soloed.Length == 0 ? "  SOUND: ALL" : $"  SOLO {string.Join(",", hud.Soloed)}";
        string rate = focus < hud.Rates.Length ? $" {F(hud.Rates[focus], "F1")} SP/S" : "";
        PixelFont.Draw(img, 4, 3 + 3 * PixelFont.LineHeight, cell is null ? "NO CELLS" : $"CELL {focus} {cell.Type}{rate}{solo}", Text);
        PixelFont.Draw(img, Width - 4 - 14 * PixelFont.Advance, 3 + 3 * PixelFont.LineHeight, $"SCALE 0-{F(hud.ScaleMax, "F1"),-5}", Dim);
        for (int i = 0; i < LiveKeys.Help.Length; i++)
            PixelFont.Draw(img, 4, 3 + (4 + i) * PixelFont.LineHeight, LiveKeys.Help[i], Dim);

        sink.Panel.TracedCells = cell is null ? [] : [focus];
        sink.Panel.MaxRate = hud.ScaleMax;
        sink.Panel.Draw(_cells);
        if (cell != null) DrawRing(_cells, CellPanel.MapPosition(cell, Width), CellPanel.DiscRadius(Width) + 2.5);
        Buffer.BlockCopy(_cells.Pixels, 0, img.Pixels, Width * HudHeight * 4, _cells.Pixels.Length);
    }

    static void DrawRing(PanelImage img, (double X, double Y) c, double r)
    {
        int n = (int)(2 * Math.PI * r * 2);
        for (int k = 0; k < n; k++)
        {
            double a = 2 * Math.PI * k / n;
            img.Set((int)Math.Floor(c.X + r * Math.Cos(a)), (int)Math.Floor(c.Y + r * Math.Sin(a)), Ring);
        }
    }
}
