using System.Globalization;

namespace ViST.Renderer.Media;

/// <summary>
/// How a movie file becomes the 360x360, 30 Hz gray frames of the frame contract: its picture placed by a
/// <see cref="FitMode"/> (scaled whole to pixels, then cut to the part that lands on the frame) and its frame rate
/// converted by taking, at every 1/30 s tick, the source frame nearest in time (ffmpeg's fps filter).
/// <see cref="Describe"/> says all of it in words for run summaries.
/// </summary>
public sealed record MovieConversion(MovieInfo Source, FitMode Fit)
{
    /// <summary>The fit a movie gets when none is given: crop keeps the picture's geometry and gives every cell of the
    /// retina movie to watch; pad would leave bands of uniform grey where cells see nothing, edged by a luminance step
    /// that drives the cells beside it.</summary>
    public const FitMode DefaultFit = FitMode.Crop;

    /// <summary>The fit names of the scene file and the command line.</summary>
    public static readonly string[] FitNames = ["crop", "pad", "stretch"];

    public static FitMode ParseFit(string name) => name switch
    {
        "crop" => FitMode.Crop,
        "pad" => FitMode.Pad,
        "stretch" => FitMode.Stretch,
        _ => throw new ArgumentException($"fit: expected one of {string.Join("|", FitNames)}; got \"{name}\""),
    };

    public static string NameOf(FitMode fit) => fit switch
    {
        FitMode.Crop => "crop",
        FitMode.Pad => "pad",
        FitMode.Stretch => "stretch",
        _ => throw new ArgumentOutOfRangeException(nameof(fit), $"movies are not placed by {fit}"),
    };

    public static MovieConversion Of(string path, FitMode fit) => new(MovieProbe.Probe(path), fit);

    /// <summary>The size ffmpeg scales the whole picture to.</summary>
    public (int Width, int Height) Scaled
    {
        get
        {
            var (_, _, w, h) = FrameFit.Place(Fit, Source.DisplayWidth, Source.Height);
            return (Math.Max(1, (int)Math.Round(w)), Math.Max(1, (int)Math.Round(h)));
        }
    }

    /// <summary>The part of the frame the movie covers (the decoded frames are this size); the rest shows what lies beneath.</summary>
    public (int X, int Y, int Width, int Height) OnFrame
    {
        get
        {
            var (x, y) = Corner;
            var (w, h) = Scaled;
            int x0 = Math.Max(0, x), y0 = Math.Max(0, y);
            return (x0, y0, Math.Min(FrameSpec.Width, x + w) - x0, Math.Min(FrameSpec.Height, y + h) - y0);
        }
    }

    /// <summary>Where the scaled picture's top-left corner lands (negative when cropped).</summary>
    (int X, int Y) Corner
    {
        get
        {
            var (w, h) = Scaled;
            return ((int)Math.Floor((FrameSpec.Width - w) / 2.0), (int)Math.Floor((FrameSpec.Height - h) / 2.0));
        }
    }

    public int FrameBytes => OnFrame.Width * OnFrame.Height;

    /// <summary>ffmpeg's filter chain: nearest frame at 30 Hz, scale, cut to <see cref="OnFrame"/>.</summary>
    public string Filter
    {
        get
        {
            var (w, h) = Scaled;
            var (x, y) = Corner;
            var (fx, fy, fw, fh) = OnFrame;
            string crop = fw == w && fh == h ? "" : $",crop={fw}:{fh}:{fx - x}:{fy - y}";
            return $"fps={FrameSpec.FrameRate.ToString(CultureInfo.InvariantCulture)},scale={w}:{h}{crop}";
        }
    }

    /// <summary>e.g. "640x480 at 25 frames/s, 4.0 s; crop: scaled to 480x360 and its central 360x360 kept (the source's
    /// left and right 80 px cut off); 25 -> 30 frames/s: ..."</summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        var s = Source;
        string size = Math.Abs(s.DisplayWidth - s.StoredWidth) < 0.5 ? $"{s.StoredWidth}x{s.Height}"
            : $"{s.StoredWidth}x{s.Height} (non-square pixels, shown {Math.Round(s.DisplayWidth)}x{s.Height})";
        string duration = s.DurationS is { } d ? string.Create(inv, $", {d:F1} s") : "";
        return string.Create(inv, $"{size} at {s.FrameRate:G4} frames/s{duration}; {DescribeFit()}; {DescribeRate()}");
    }

    string DescribeFit()
    {
        var (w, h) = Scaled;
        var (fx, fy, fw, fh) = OnFrame;
        string name = NameOf(Fit);
        if (w == FrameSpec.Width && h == FrameSpec.Height)
            return Math.Abs(Source.DisplayWidth - Source.Height) < 0.5
                ? $"{name}: scaled to {w}x{h} (square, nothing lost)"
                : string.Create(CultureInfo.InvariantCulture, $"{name}: scaled to {w}x{h}, its aspect ratio {Source.DisplayWidth / Source.Height:F2} made 1 (shapes are distorted)");
        if (Fit == FitMode.Pad)
            return fw < FrameSpec.Width
                ? $"{name}: scaled to {w}x{h}, centred, with bands {fx} px wide left and right showing the background"
                : $"{name}: scaled to {w}x{h}, centred, with bands {fy} px high above and below showing the background";
        double cutX = (w - fw) / 2.0 * Source.StoredWidth / w, cutY = (h - fh) / 2.0 * Source.Height / h;
        string cut = cutX >= cutY
            ? string.Create(CultureInfo.InvariantCulture, $"the source's left and right {cutX:F0} px cut off")
            : string.Create(CultureInfo.InvariantCulture, $"the source's top and bottom {cutY:F0} px cut off");
        return $"{name}: scaled to {w}x{h} and its central {fw}x{fh} kept ({cut})";
    }

    string DescribeRate()
    {
        var inv = CultureInfo.InvariantCulture;
        double r = Source.FrameRate, target = FrameSpec.FrameRate;
        if (Math.Abs(r - target) < 1e-3) return "one source frame per 1/30 s tick";
        string how = r < target
            ? string.Create(inv, $"source frames repeated ({target / r:G3} ticks each on average)")
            : string.Create(inv, $"{1 - target / r:P0} of the source frames skipped");
        return string.Create(inv, $"{r:G4} -> {target} frames/s: each tick shows the source frame nearest in time, so {how}");
    }
}
