namespace ViST.RetinaModel.Metrics;

/// <summary>
/// Peaks of a 1-D signal and their widths with the semantics of scipy.signal's find_peaks, peak_prominences
/// (wlen = None) and peak_widths, which the authors' SD-KL metric is defined by. Where scipy has a rule for a
/// corner case (plateaus, flat bases, peaks at clipped tops), the same rule is used here.
/// </summary>
public static class PeakFinding
{
    /// <summary>
    /// Indices of the local maxima: samples with a strictly lower left neighbour and, after any run of equal
    /// samples (a plateau), a strictly lower right neighbour. A plateau reports its middle, rounded down.
    /// The first and last samples never count. With <paramref name="minHeight"/>, only peaks at least that high.
    /// </summary>
    public static int[] FindPeaks(ReadOnlySpan<double> x, double? minHeight = null)
    {
        var peaks = new List<int>();
        int last = x.Length - 1, i = 1;
        while (i < last)
        {
            if (x[i - 1] < x[i])
            {
                int ahead = i + 1;
                while (ahead < last && x[ahead] == x[i]) ahead++;
                if (x[ahead] < x[i])
                {
                    int mid = (i + ahead - 1) / 2;
                    if (minHeight is not { } h || x[mid] >= h) peaks.Add(mid);
                    i = ahead;
                }
            }
            i++;
        }
        return [.. peaks];
    }

    /// <summary>
    /// Prominence of each peak over the whole signal, with its bases: walking outwards while the signal stays at
    /// or below the peak, each base is the first occurrence of the lowest sample on that side; the prominence is
    /// the peak height minus the higher of the two base heights.
    /// </summary>
    public static (double[] Prominences, int[] LeftBases, int[] RightBases) Prominences(ReadOnlySpan<double> x, IReadOnlyList<int> peaks)
    {
        var prominences = new double[peaks.Count];
        var left = new int[peaks.Count];
        var right = new int[peaks.Count];
        for (int p = 0; p < peaks.Count; p++)
        {
            int peak = CheckPeak(x, peaks[p]);
            double top = x[peak];

            left[p] = peak;
            double leftMin = top;
            for (int i = peak; i >= 0 && x[i] <= top; i--)
                if (x[i] < leftMin) { leftMin = x[i]; left[p] = i; }

            right[p] = peak;
            double rightMin = top;
            for (int i = peak; i < x.Length && x[i] <= top; i++)
                if (x[i] < rightMin) { rightMin = x[i]; right[p] = i; }

            prominences[p] = top - Math.Max(leftMin, rightMin);
        }
        return (prominences, left, right);
    }

    /// <summary>
    /// Width of each peak at <c>height = peak - prominence * relHeight</c>, between its bases: the outermost
    /// crossing positions on either side, linearly interpolated between samples.
    /// </summary>
    public static double[] Widths(ReadOnlySpan<double> x, IReadOnlyList<int> peaks, double relHeight = 0.5)
    {
        if (!(relHeight >= 0)) throw new ArgumentException($"relative height must be >= 0, got {relHeight}");
        var (prominences, leftBases, rightBases) = Prominences(x, peaks);
        var widths = new double[peaks.Count];
        for (int p = 0; p < peaks.Count; p++)
        {
            int peak = peaks[p];
            double height = x[peak] - prominences[p] * relHeight;

            int i = peak;
            while (leftBases[p] < i && height < x[i]) i--;
            double leftPosition = i;
            if (x[i] < height) leftPosition += (height - x[i]) / (x[i + 1] - x[i]);

            i = peak;
            while (i < rightBases[p] && height < x[i]) i++;
            double rightPosition = i;
            if (x[i] < height) rightPosition -= (height - x[i]) / (x[i - 1] - x[i]);

            widths[p] = rightPosition - leftPosition;
        }
        return widths;
    }

    static int CheckPeak(ReadOnlySpan<double> x, int peak) =>
        peak >= 0 && peak < x.Length ? peak : throw new ArgumentException($"peak index {peak} is outside a signal of {x.Length} samples");
}
