namespace ViST.RetinaModel.Ln;

/// <summary>
/// The fixed 90-cell population of the LN retina. Layout: a hexagonal-ish mosaic of 9 rows x 10 columns over the
/// central 270x270 px of the 360x360 frame (rows 30 px apart at y = 60..300, columns 27 px apart, odd rows shifted
/// by half a column). Types alternate along rows (ON-T, ON-S, OFF-T, OFF-S, ...; odd rows start at OFF-T), giving
/// 23 ON-transient, 23 ON-sustained, 22 OFF-transient and 22 OFF-sustained cells, each type spread over the field.
/// Within a type every cell's centre sigma varies by a fixed factor in [0.9, 1.1] (from a hash of its id), so cells
/// are not identical copies; nothing else is random.
/// </summary>
public static class LnMosaic
{
    public const int Rows = 9, Columns = 10, CellCount = Rows * Columns;

    /// <summary>Per-type parameters: centre sigma (px), surround/centre sigma ratio, surround weight, temporal peak
    /// (ms), rebound, and the nonlinearity (threshold and softness in contrast units, scale in spikes/s).</summary>
    public sealed record TypeParameters(double SigmaCenter, double SurroundRatio, double SurroundWeight,
        double PeakMs, double Rebound, double Threshold, double Softness, double RateScale);

    /// <summary>
    /// Type parameters. Transient cells: larger RFs, stronger surrounds (band-pass in space), fast biphasic filters.
    /// Sustained cells: smaller RFs, weaker surrounds, slower mostly-monophasic filters.
    /// The nonlinearities are set so that, on the naturalistic test movie of the LN tests (a 1/f image seen with
    /// drift and a jump every second, RMS contrast 0.35; the filtered drive then has a standard deviation of about
    /// 0.015 for transient and 0.049 for sustained cells), cells fire sparsely (threshold about 1 drive SD) at about
    /// the mean rate of the real Dryad movie recordings: 2.3 spikes/s averaged over their 87 cells (recording 1:
    /// 1.31 and 1.70 spikes/s on movies 1 and 2; recording 2: 2.88 and 2.90). Measured on four such movies:
    /// 2.1-2.9 spikes/s, split-half reliability (30 trials, 33 ms bins) 0.89-0.92, against 0.905-0.958 for the real
    /// recordings (transient cells about 0.94, sustained 0.78-0.90).
    /// </summary>
    public static readonly IReadOnlyDictionary<LnCellType, TypeParameters> Types = new Dictionary<LnCellType, TypeParameters>
    {
        [LnCellType.OnTransient] = new(30, 2.5, 0.75, 60, 0.9, 0.0145, 0.0044, 6.5),
        [LnCellType.OnSustained] = new(22, 2.5, 0.55, 80, 0.3, 0.049, 0.0049, 2.7),
        [LnCellType.OffTransient] = new(28, 2.5, 0.75, 60, 0.9, 0.0145, 0.0044, 6.5),
        [LnCellType.OffSustained] = new(20, 2.5, 0.55, 80, 0.3, 0.049, 0.0049, 2.7),
    };

    static readonly LnCellType[] Cycle = [LnCellType.OnTransient, LnCellType.OnSustained, LnCellType.OffTransient, LnCellType.OffSustained];

    public static IReadOnlyList<LnCell> Cells { get; } = Build();

    static List<LnCell> Build()
    {
        var cells = new List<LnCell>(CellCount);
        for (int row = 0; row < Rows; row++)
            for (int col = 0; col < Columns; col++)
            {
                int id = cells.Count;
                var type = Cycle[(col + 2 * (row % 2)) % 4];
                var p = Types[type];
                double x = 45 + 27 * (col + 0.25 + 0.5 * (row % 2)), y = 60 + 30 * row;
                double sigma = p.SigmaCenter * (0.9 + 0.2 * UnitHash(id));
                cells.Add(new LnCell(id, type, x, y, sigma, sigma * p.SurroundRatio, p.SurroundWeight,
                    p.PeakMs, p.Rebound, p.Threshold, p.Softness, p.RateScale));
            }
        return cells;
    }

    /// <summary>A fixed number in [0, 1) per id (a 32-bit integer hash), so the layout needs no RNG.</summary>
    static double UnitHash(int id)
    {
        uint h = (uint)id * 0x9E3779B1u;
        h ^= h >> 15; h *= 0x85EBCA77u; h ^= h >> 13; h *= 0xC2B2AE3Du; h ^= h >> 16;
        return h / 4294967296.0;
    }
}
