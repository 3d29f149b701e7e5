namespace ViST.RetinaModel.Data.Masks;

/// <summary>A point in stimulus pixels: x right, y down, origin at the top-left corner of the frame (so pixel
/// (col, row) spans [col, col+1) x [row, row+1)).</summary>
public readonly record struct PixelPoint(double X, double Y);

/// <summary>
/// Receptive-field masks on the backbone's patch grid (16x16 patches of 22.5x22.5 px over a 360x360 frame),
/// the `rf_masks.npy` [cells, 16, 16] of datasets and model bundles. Patch (row p, column q) is element p*16+q.
/// </summary>
public static class RfMasks
{
    public const int Grid = 16;
    public const double FrameSize = 360;

    /// <summary>
    /// The fraction of each patch covered by a polygon (an RF contour), computed exactly by clipping the polygon
    /// to each patch (Sutherland-Hodgman, exact for any simple polygon against a convex patch). The contour may be
    /// open or closed (first point repeated) and wound either way. Values in [0, 1], row-major [16*16].
    /// </summary>
    public static float[] FromPolygon(IReadOnlyList<PixelPoint> contour, int grid = Grid, double frameSize = FrameSize)
    {
        if (contour.Count < 3) throw new ArgumentException($"an RF contour needs at least 3 points, got {contour.Count}");
        if (contour.Any(p => !double.IsFinite(p.X) || !double.IsFinite(p.Y))) throw new ArgumentException("an RF contour has a non-finite point");
        double patch = frameSize / grid;
        var mask = new float[grid * grid];
        double sign = Math.Sign(SignedArea(contour));
        if (sign == 0) return mask;
        double minX = contour.Min(p => p.X), maxX = contour.Max(p => p.X), minY = contour.Min(p => p.Y), maxY = contour.Max(p => p.Y);
        int q0 = Math.Max(0, (int)Math.Floor(minX / patch)), q1 = Math.Min(grid - 1, (int)Math.Floor(maxX / patch));
        int p0 = Math.Max(0, (int)Math.Floor(minY / patch)), p1 = Math.Min(grid - 1, (int)Math.Floor(maxY / patch));
        for (int p = p0; p <= p1; p++)
            for (int q = q0; q <= q1; q++)
            {
                var clipped = ClipToBox(contour, q * patch, p * patch, (q + 1) * patch, (p + 1) * patch);
                mask[p * grid + q] = (float)Math.Clamp(sign * SignedArea(clipped) / (patch * patch), 0, 1);
            }
        return mask;
    }

    /// <summary>
    /// An elliptical Gaussian RF, exp(-d^2/2) with d the Mahalanobis distance from the centre (sigmas along the
    /// ellipse axes, the first axis at <paramref name="angleRad"/> from +x towards +y), averaged over each patch
    /// (8x8 samples per patch). A patch deep inside the RF gets about 1.
    /// </summary>
    public static float[] FromGaussian(double centerX, double centerY, double sigmaA, double sigmaB, double angleRad,
        int grid = Grid, double frameSize = FrameSize)
    {
        if (!(sigmaA > 0) || !(sigmaB > 0)) throw new ArgumentException($"Gaussian RF sigmas must be > 0 (got {sigmaA}, {sigmaB})");
        const int samples = 8;
        double patch = frameSize / grid, cos = Math.Cos(angleRad), sin = Math.Sin(angleRad);
        var mask = new float[grid * grid];
        for (int p = 0; p < grid; p++)
            for (int q = 0; q < grid; q++)
            {
                double sum = 0;
                for (int i = 0; i < samples; i++)
                    for (int j = 0; j < samples; j++)
                    {
                        double dx = (q + (j + 0.5) / samples) * patch - centerX, dy = (p + (i + 0.5) / samples) * patch - centerY;
                        double a = (dx * cos + dy * sin) / sigmaA, b = (-dx * sin + dy * cos) / sigmaB;
                        sum += Math.Exp(-0.5 * (a * a + b * b));
                    }
                mask[p * grid + q] = (float)(sum / (samples * samples));
            }
        return mask;
    }

    /// <summary>The area centroid of a polygon (the RF centre written to cells.json); the mean of the points
    /// when the polygon has no area.</summary>
    public static PixelPoint Centroid(IReadOnlyList<PixelPoint> contour)
    {
        double area = SignedArea(contour);
        if (Math.Abs(area) < 1e-12) return new(contour.Average(p => p.X), contour.Average(p => p.Y));
        double cx = 0, cy = 0;
        for (int i = 0; i < contour.Count; i++)
        {
            var a = contour[i]; var b = contour[(i + 1) % contour.Count];
            double cross = a.X * b.Y - b.X * a.Y;
            cx += (a.X + b.X) * cross; cy += (a.Y + b.Y) * cross;
        }
        return new(cx / (6 * area), cy / (6 * area));
    }

    /// <summary>Shoelace signed area; the closing edge is implied, so a repeated first point adds nothing.</summary>
    public static double SignedArea(IReadOnlyList<PixelPoint> polygon)
    {
        double s = 0;
        for (int i = 0; i < polygon.Count; i++)
        {
            var a = polygon[i]; var b = polygon[(i + 1) % polygon.Count];
            s += a.X * b.Y - b.X * a.Y;
        }
        return s / 2;
    }

    static List<PixelPoint> ClipToBox(IReadOnlyList<PixelPoint> polygon, double x0, double y0, double x1, double y1)
    {
        var poly = polygon.ToList();
        poly = ClipEdge(poly, p => p.X >= x0, (a, b) => Cut(a, b, x0, true));
        poly = ClipEdge(poly, p => p.X <= x1, (a, b) => Cut(a, b, x1, true));
        poly = ClipEdge(poly, p => p.Y >= y0, (a, b) => Cut(a, b, y0, false));
        poly = ClipEdge(poly, p => p.Y <= y1, (a, b) => Cut(a, b, y1, false));
        return poly;
    }

    static List<PixelPoint> ClipEdge(List<PixelPoint> poly, Func<PixelPoint, bool> inside, Func<PixelPoint, PixelPoint, PixelPoint> cut)
    {
        var result = new List<PixelPoint>(poly.Count + 4);
        for (int i = 0; i < poly.Count; i++)
        {
            var cur = poly[i]; var prev = poly[(i + poly.Count - 1) % poly.Count];
            bool ci = inside(cur), pi = inside(prev);
            if (ci && !pi) result.Add(cut(prev, cur));
            else if (!ci && pi) result.Add(cut(prev, cur));
            if (ci) result.Add(cur);
        }
        return result;
    }

    /// <summary>Where segment a-b crosses the line x = v (<paramref name="vertical"/>) or y = v.</summary>
    static PixelPoint Cut(PixelPoint a, PixelPoint b, double v, bool vertical)
    {
        double t = vertical ? (v - a.X) / (b.X - a.X) : (v - a.Y) / (b.Y - a.Y);
        return vertical ? new(v, a.Y + t * (b.Y - a.Y)) : new(a.X + t * (b.X - a.X), v);
    }
}
