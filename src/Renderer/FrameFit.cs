namespace ViST.Renderer;

/// <summary>How a picture of another size or shape fills the 360x360 frame (still images and movies).</summary>
public enum FitMode
{
    /// <summary>Scaled to the whole frame whatever its shape: its geometry changes (a circle becomes an ellipse).</summary>
    Stretch,
    /// <summary>Scaled to fit inside the frame, aspect kept, centred; the bands beside it show what lies beneath.</summary>
    Pad,
    /// <summary>Scaled to cover the frame, aspect kept, centred; what sticks out is cut off.</summary>
    Crop,
    /// <summary>Not scaled: one picture pixel on one frame pixel, centred.</summary>
    Center,
}

/// <summary>Where a picture lands on the frame for each <see cref="FitMode"/>: one rule for images and movies.</summary>
public static class FrameFit
{
    /// <summary>Top-left corner and size on the frame, in frame pixels, of a picture <paramref name="width"/> x
    /// <paramref name="height"/> (its displayed size: a movie's pixel aspect ratio already applied). A cropped
    /// picture reaches beyond the frame.</summary>
    public static (double X, double Y, double W, double H) Place(FitMode fit, double width, double height)
    {
        if (!(width > 0 && height > 0)) throw new ArgumentOutOfRangeException(nameof(width), $"a picture of {width}x{height} has no area");
        double fw = FrameSpec.Width, fh = FrameSpec.Height;
        if (fit == FitMode.Stretch) return (0, 0, fw, fh);
        double s = fit switch
        {
            FitMode.Pad => Math.Min(fw / width, fh / height),
            FitMode.Crop => Math.Max(fw / width, fh / height),
            _ => 1,
        };
        double pw = width * s, ph = height * s;
        return ((fw - pw) / 2, (fh - ph) / 2, pw, ph);
    }
}
