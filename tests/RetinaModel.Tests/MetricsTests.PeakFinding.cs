using ViST.RetinaModel.Metrics;

namespace ViST.RetinaModel.Tests;

/// <summary>scipy.signal peak semantics, on cases worked out by hand from scipy's algorithms.</summary>
public class MetricsTestsPeakFinding
{
    [Fact]
    public void PlateausReportTheirLeftMiddleAndEdgesNeverCount()
    {
        Assert.Equal([2], PeakFinding.FindPeaks([0, 1, 1, 1, 0]));
        Assert.Equal([1], PeakFinding.FindPeaks([0, 1, 1, 0]));
        Assert.Empty(PeakFinding.FindPeaks([3, 1, 2]));           // maxima at the ends do not count
        Assert.Empty(PeakFinding.FindPeaks([0, 1, 1]));           // a plateau running into the end is no peak
        Assert.Equal([3], PeakFinding.FindPeaks([0, 2, 2, 5, 1]));
        Assert.Equal([1, 3], PeakFinding.FindPeaks([0, 2, 1, 3, 0]));
        Assert.Equal([3], PeakFinding.FindPeaks([0, -2, -3, 0.5, 0], minHeight: 0));
    }

    [Fact]
    public void ProminencesAndFullWidthsFollowScipy()
    {
        double[] x = [0, 2, 1, 3, 0];
        var (prom, left, right) = PeakFinding.Prominences(x, [1, 3]);
        Assert.Equal([1.0, 3.0], prom);
        Assert.Equal([0, 0], left);
        Assert.Equal([2, 4], right);
        // peak 1 at height 1: from 0.5 (interpolated between samples 0 and 1) to sample 2; peak 3 at height 0: 0 to 4
        Assert.Equal([1.5, 4.0], PeakFinding.Widths(x, [1, 3], relHeight: 1));
        // half height of peak 3 (1.5): crossings at 2.25 (between samples 2 and 3) and 3.5 (between 3 and 4)
        Assert.Equal(3.5 - 2.25, PeakFinding.Widths(x, [3], relHeight: 0.5)[0], 12);
    }

    [Fact]
    public void ClippedTopsAreMeasuredAtTheHigherBase()
    {
        // Two peaks (5 and 4) clipped to 1 become a plateau; each width runs between its own bases.
        double[] s = [0, 5, 0.5, 4, 0];
        var peaks = PeakFinding.FindPeaks(s);
        var clipped = Array.ConvertAll(s, v => Math.Min(v, 1.0));
        Assert.Equal([1, 3], peaks);
        var (prom, _, _) = PeakFinding.Prominences(clipped, peaks);
        Assert.Equal([1.0, 1.0], prom);                     // each runs past the other's (equal) top
        Assert.Equal([4.0, 4.0], PeakFinding.Widths(clipped, peaks, relHeight: 1));
    }

    [Fact]
    public void APeakIndexOutsideTheSignalIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => PeakFinding.Widths([0, 1, 0], [5]));
        Assert.Contains("peak index 5", e.Message);
    }
}
