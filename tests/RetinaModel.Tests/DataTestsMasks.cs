using ViST.RetinaModel.Data.Masks;

namespace ViST.RetinaModel.Tests;

public class DataTestsMasks
{
    const double Patch = 22.5;

    static PixelPoint[] Rectangle(double x0, double y0, double x1, double y1) => [new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1)];

    [Fact]
    public void Square_contour_covers_exactly_its_patches()
    {
        // x 22.5..67.5 (patch columns 1-2), y 45..56.25 (half of patch row 2)
        var mask = RfMasks.FromPolygon(Rectangle(22.5, 45, 67.5, 56.25));
        Assert.Equal(0.5f, mask[2 * 16 + 1], 5);
        Assert.Equal(0.5f, mask[2 * 16 + 2], 5);
        Assert.Equal(1.0, mask.Sum(), 5);
        Assert.Equal(2, mask.Count(v => v > 0));
    }

    [Fact]
    public void Coverage_does_not_depend_on_winding_or_closing_point()
    {
        var square = Rectangle(100, 130, 170, 160);
        var reversed = square.Reverse().Append(square[^1]).ToArray();       // clockwise, first point repeated
        Assert.Equal(RfMasks.FromPolygon(square), RfMasks.FromPolygon(reversed));
        Assert.Equal(70 * 30 / (Patch * Patch), RfMasks.FromPolygon(square).Sum(), 4);
    }

    [Fact]
    public void Concave_contour_area_is_exact()
    {
        // an L shape: a 90x90 square minus its top-right 45x45 quarter, straddling patch borders
        PixelPoint[] l = [new(10, 10), new(55, 10), new(55, 55), new(100, 55), new(100, 100), new(10, 100)];
        var mask = RfMasks.FromPolygon(l);
        Assert.Equal(90 * 90 * 0.75 / (Patch * Patch), mask.Sum(), 4);
        Assert.Equal(0f, mask[0 * 16 + 3]);                    // x 67.5..90, y 0..22.5 lies in the missing quarter
        Assert.Equal(1f, mask[3 * 16 + 1], 5);                 // x 22.5..45, y 67.5..90 lies fully inside
    }

    [Fact]
    public void Contour_partly_outside_the_frame_is_clipped()
    {
        var mask = RfMasks.FromPolygon(Rectangle(-50, 340, 10, 400));
        Assert.Equal(10 * 20 / (Patch * Patch), mask.Sum(), 4);
        Assert.True(mask[15 * 16 + 0] > 0);
    }

    [Fact]
    public void Centroid_of_a_rectangle_is_its_centre()
    {
        var c = RfMasks.Centroid(Rectangle(100, 130, 170, 160));
        Assert.Equal(135, c.X, 9);
        Assert.Equal(145, c.Y, 9);
    }

    [Fact]
    public void Gaussian_mask_integrates_to_its_volume_and_peaks_at_the_centre()
    {
        double sigma = 30;
        var mask = RfMasks.FromGaussian(191.25, 168.75, sigma, sigma, 0);     // centre of patch (row 7, column 8)
        Assert.Equal(7 * 16 + 8, Array.IndexOf(mask, mask.Max()));
        // sum of patch means x patch area = integral of exp(-d^2/2 sigma^2) = 2 pi sigma^2
        Assert.Equal(2 * Math.PI * sigma * sigma, mask.Sum() * Patch * Patch, 2 * Math.PI * sigma * sigma * 0.01);
        Assert.Equal(mask[7 * 16 + 7], mask[7 * 16 + 9], 5);                 // symmetric left/right
        Assert.Equal(mask[6 * 16 + 8], mask[8 * 16 + 8], 5);                 // and up/down
    }

    [Fact]
    public void Elongated_gaussian_follows_its_angle()
    {
        var horizontal = RfMasks.FromGaussian(180, 180, 60, 10, 0);
        var vertical = RfMasks.FromGaussian(180, 180, 60, 10, Math.PI / 2);
        // 3 patches right of the centre vs 3 patches below it
        Assert.True(horizontal[7 * 16 + 11] > 10 * horizontal[11 * 16 + 7]);
        Assert.True(vertical[11 * 16 + 7] > 10 * vertical[7 * 16 + 11]);
    }

    [Fact]
    public void Degenerate_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RfMasks.FromPolygon([new(0, 0), new(1, 1)]));
        Assert.Throws<ArgumentException>(() => RfMasks.FromPolygon([new(0, 0), new(double.NaN, 1), new(3, 3)]));
        Assert.Throws<ArgumentException>(() => RfMasks.FromGaussian(0, 0, 0, 1, 0));
    }
}
