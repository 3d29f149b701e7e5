using ViST.Renderer.Media;
using ViST.Renderer.Scenes;
using ViST.Tests;
using static ViST.Renderer.Tests.FrameMath;

namespace ViST.Renderer.Tests;

public sealed class MovieTests(RendererFixture gl) : IClassFixture<RendererFixture>, IDisposable
{
    readonly string _dir = TestPaths.TempDir("vist-movie");

    /// <summary>10 frames of a drifting grating (distinct frames), encoded losslessly.</summary>
    (string Path, byte[][] Frames) MakeMovie()
    {
        var frames = gl.Frames(new Scene(1, 0.5, Layer.Create("grating", ("cycles_per_px", 0.03), ("temporal_hz", 1.0), ("orientation_deg", 30.0))), 0, 10);
        string path = Path.Combine(_dir, "grating.mkv");
        FfmpegTool.EncodeLossless(path, frames);
        return (path, frames);
    }

    [Fact]
    public void DecodedMovieEqualsItsSourceFrames()
    {
        var (path, frames) = MakeMovie();
        using var movie = new MovieFrameSource(path);
        var dst = new byte[FrameSpec.Pixels];
        for (int i = 0; i < frames.Length; i++)
        {
            movie.Render(i, dst);
            Assert.Equal(frames[i], dst);
        }
        Assert.Null(movie.FrameCount);  // not known until the end is reached
        movie.Render(12, dst);
        Assert.Equal(frames[9], dst);    // past the end: holds the last frame
        Assert.Equal(10, movie.FrameCount);
        movie.Render(3, dst);            // going back restarts the decoder
        Assert.Equal(frames[3], dst);

        // The same movie as a scene layer, shown from start_frame 2 and starting at 1 s.
        var scene = new Scene(1, 0.5, Layer.Create("movie", null, 1.0, null, [("file", path), ("start_frame", 2L)], null, null));
        Assert.Equal(128, gl.Frame(scene, 29)[0]);            // before the layer starts: background
        Assert.Equal(frames[2], gl.Frame(scene, 30));
        Assert.Equal(frames[5], gl.Frame(scene, 33));
        // A start between frames: the layer's first frame (index 31, t = 1.033 s) shows start_frame.
        var between = new Scene(1, 0.5, Layer.Create("movie", null, 1.01, null, [("file", path)], null, null));
        Assert.Equal(128, gl.Frame(between, 30)[0]);
        Assert.Equal(frames[0], gl.Frame(between, 31));
    }

    [Fact]
    public void ShortMovieLoopsHoldsOrEndsAsTheSceneSays()
    {
        var (path, frames) = MakeMovie();
        Scene Movie(params (string, object?)[] ps) => new(1, 0.25, Layer.Create("movie", [("file", path), .. ps]));
        Assert.Equal(frames[3], gl.Frame(Movie(("loop", true)), 23));          // 23 mod 10
        Assert.Equal(frames[7], gl.Frame(Movie(("loop", true), ("start_frame", 4L)), 9)); // loops over frames 4..9
        Assert.Equal(frames[9], gl.Frame(Movie(), 15));                         // default: hold the last frame
        Assert.All(gl.Frame(Movie(("after_end", "background")), 15), b => Assert.Equal(64, b));

        using var source = new MovieFrameSource(path, loop: false, holdLast: false, background: 0.25);
        var dst = new byte[FrameSpec.Pixels];
        source.Render(12, dst);
        Assert.All(dst, b => Assert.Equal(64, b));
    }

    /// <summary>A 640x480 movie whose regions tell where each output pixel came from: the source's left 80 columns
    /// are 10, its right 80 columns 240; between them the top 60 rows are 60, the bottom 60 rows 190, the rest 128.</summary>
    string MakeWideMovie(int frames = 3)
    {
        var f = new byte[640 * 480];
        for (int y = 0; y < 480; y++)
            for (int x = 0; x < 640; x++)
                f[y * 640 + x] = (byte)(x < 80 ? 10 : x >= 560 ? 240 : y < 60 ? 60 : y >= 420 ? 190 : 128);
        string path = Path.Combine(_dir, "wide.mkv");
        FfmpegTool.EncodeLossless(path, Enumerable.Repeat(f, frames), 640, 480);
        return path;
    }

    [Fact]
    public void AWideMovieIsCroppedByDefaultOrPaddedOrStretchedAsAsked()
    {
        string path = MakeWideMovie();
        var dst = new byte[FrameSpec.Pixels];
        byte[] Frame(FitMode fit)
        {
            using var m = new MovieFrameSource(path, background: 0.25, fit: fit);
            m.Render(0, dst);
            return [.. dst];
        }

        // crop (the default): scaled to 480x360, the central 360 columns kept: the source's side columns are gone,
        // its top and bottom bands keep their height (60 source rows = 45 frame rows)
        var crop = Frame(MovieConversion.DefaultFit);
        Assert.Equal(FitMode.Crop, MovieConversion.DefaultFit);
        Assert.DoesNotContain(crop, b => b < 40 || b > 215);
        Assert.Equal((60, 128, 190), (At(crop, 180, 20), At(crop, 180, 180), At(crop, 180, 340)));
        Assert.Equal((128, 128), (At(crop, 4, 180), At(crop, 355, 180)));

        // pad: scaled to 360x270 and centred: 45 rows of background above and below, the side columns kept
        var pad = Frame(FitMode.Pad);
        Assert.Equal((64, 64), (At(pad, 180, 20), At(pad, 180, 340)));
        Assert.Equal((10, 128, 240), (At(pad, 20, 180), At(pad, 180, 180), At(pad, 340, 180)));
        Assert.Equal((60, 190), (At(pad, 180, 60), At(pad, 180, 300)));

        // stretch: the whole picture squeezed into the square
        var stretch = Frame(FitMode.Stretch);
        Assert.Equal((10, 240, 60, 190), (At(stretch, 20, 180), At(stretch, 340, 180), At(stretch, 180, 20), At(stretch, 180, 340)));

        // as a scene layer, padding shows what lies beneath (here the scene's background)
        var layer = gl.Frame(new Scene(1, 0.25, Layer.Create("movie", ("file", path), ("fit", "pad"))), 0);
        Assert.Equal(pad, layer);
        Assert.Equal(crop, gl.Frame(new Scene(1, 0.25, Layer.Create("movie", ("file", path))), 0));

        using var described = new MovieFrameSource(path);
        string text = described.Conversion.Describe();
        Assert.Contains("640x480 at 30 frames/s", text);
        Assert.Contains("crop: scaled to 480x360 and its central 360x360 kept (the source's left and right 80 px cut off)", text);
        Assert.Contains("one source frame per 1/30 s tick", text);
        Assert.Contains("bands 45 px high above and below", MovieConversion.Of(path, FitMode.Pad).Describe());
    }

    [Fact]
    public void A25HzMovieShowsTheNearestSourceFrameAtEach30HzTick()
    {
        // 10 frames at 25 frames/s (0.4 s), frame i of value 20 + 20 i: 12 frames at 30 Hz, two of them repeats
        string path = Path.Combine(_dir, "25fps.mkv");
        FfmpegTool.EncodeLossless(path, Enumerable.Range(0, 10).Select(i => Enumerable.Repeat((byte)(20 + 20 * i), FrameSpec.Pixels).ToArray()), fps: 25);
        using var m = new MovieFrameSource(path, holdLast: false);
        var dst = new byte[FrameSpec.Pixels];
        var shown = new List<int>();
        for (int n = 0; !m.HasEnded(n); n++)
        {
            m.Render(n, dst);
            shown.Add((dst[0] - 20) / 20);
        }
        Assert.Equal(12, shown.Count);
        Assert.Equal(Enumerable.Range(0, 10), shown.Distinct());                // every source frame, in order
        for (int n = 0; n < shown.Count; n++)                                      // each within half a source frame of its tick
            Assert.InRange(shown[n] / 25.0 - n / 30.0, -0.5 / 25 - 1e-9, 0.5 / 25 + 1e-9);
        Assert.Contains("25 -> 30 frames/s: each tick shows the source frame nearest in time, so source frames repeated (1.2 ticks each on average)",
            m.Conversion.Describe());
    }

    [Fact]
    public void MissingAndCorruptMoviesFailNamingTheFile()
    {
        string missing = Path.Combine(_dir, "nope.mp4");
        var e1 = Assert.Throws<FileNotFoundException>(() => new MovieFrameSource(missing));
        Assert.Contains(missing, e1.Message);
        var e2 = Assert.Throws<FileNotFoundException>(() => SceneJson.Parse($$"""{"layers": [{"type": "movie", "file": "nope.mp4"}]}""", "s.json", _dir));
        Assert.Contains("s.json", e2.Message);
        Assert.Contains(missing, e2.Message);

        string corrupt = Path.Combine(_dir, "corrupt.mp4");
        File.WriteAllBytes(corrupt, [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 >> 3))]);
        var e3 = Assert.Throws<InvalidDataException>(() => new MovieFrameSource(corrupt));
        Assert.Contains(corrupt, e3.Message);
        Assert.Contains("cannot decode", e3.Message);
        var scene = new Scene(1, 0.5, Layer.Create("movie", ("file", corrupt)));
        var e4 = Assert.Throws<InvalidDataException>(() => gl.Frame(scene, 0));
        Assert.Contains("layers[0] (movie)", e4.Message);
        Assert.Contains(corrupt, e4.Message);

        var (path, _) = MakeMovie();
        var late = new Scene(1, 0.5, Layer.Create("movie", ("file", path), ("start_frame", 50L)));
        Assert.Contains("start_frame 50 is past the end", Assert.Throws<InvalidDataException>(() => gl.Frame(late, 0)).Message);
    }

    [Fact]
    public void ImageLayerShowsAPngByItsFitMode()
    {
        // A 180x90 PNG made by ffmpeg from a known pattern: left half dark, right half bright.
        var pixels = new byte[180 * 90];
        for (int y = 0; y < 90; y++) for (int x = 0; x < 180; x++) pixels[y * 180 + x] = (byte)(x < 90 ? 20 : 220);
        string raw = Path.Combine(_dir, "img.raw"), png = Path.Combine(_dir, "img.png");
        File.WriteAllBytes(raw, pixels);
        var psi = new System.Diagnostics.ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "gray", "-s", "180x90", "-i", raw, png]);
        using (var p = System.Diagnostics.Process.Start(psi)!) { p.WaitForExit(); Assert.Equal(0, p.ExitCode); }

        var contain = gl.Frame(new Scene(1, 0.5, Layer.Create("image", ("file", png))), 0); // 360x180, centred vertically
        Assert.Equal(128, At(contain, 180, 10));   // above the image: background
        Assert.Equal(20, At(contain, 10, 180));
        Assert.Equal(220, At(contain, 350, 180));
        var center = gl.Frame(new Scene(1, 0.5, Layer.Create("image", ("file", raw), ("raw_size_px", new[] { 180.0, 90.0 }), ("fit", "center"))), 0);
        Assert.Equal(128, At(center, 80, 180));
        Assert.Equal(20, At(center, 100, 180));
        Assert.Equal(220, At(center, 260, 180));
        Assert.Contains("raw_size_px", Assert.Throws<InvalidDataException>(() =>
            gl.Frame(new Scene(1, 0.5, Layer.Create("image", ("file", raw))), 0)).Message);
    }

    [Fact]
    public void EncodedPngsAreExactAndMp4IsClose()
    {
        var frames = gl.Frames(new Scene(4, 0.5, Layer.Create("naturalistic")), 0, 12);
        string pngs = Path.Combine(_dir, "png"), mp4 = Path.Combine(_dir, "out.mp4");
        using (var enc = FrameEncoder.Png(pngs)) { foreach (var f in frames) enc.Write(f); enc.Finish(); }
        using (var enc = FrameEncoder.Mp4(mp4)) { foreach (var f in frames) enc.Write(f); enc.Finish(); }
        Assert.Equal(12, Directory.GetFiles(pngs, "frame_*.png").Length);
        var png5 = GrayImage.Load(Path.Combine(pngs, "frame_00005.png"));
        Assert.Equal((360, 360), (png5.Width, png5.Height));
        Assert.Equal(frames[5], png5.Pixels);
        using var movie = new MovieFrameSource(mp4);
        var dst = new byte[FrameSpec.Pixels];
        movie.Render(5, dst);
        double meanAbs = dst.Zip(frames[5], (a, b) => Math.Abs(a - b)).Average();
        Assert.InRange(meanAbs, 0, 2.5); // H.264 at quality 18 (lossy)
    }

    [Fact]
    public void PrepareOpensFilesBeforeTheLayerStarts()
    {
        string corrupt = Path.Combine(_dir, "late.mkv");
        File.WriteAllText(corrupt, "not a movie");
        var scene = new Scene(1, 0.5, Layer.Create("movie", null, 100.0, null, [("file", corrupt)], null, null));
        var e = Assert.Throws<InvalidDataException>(() => gl.Renderer.Prepare(scene));
        Assert.Contains("layers[0] (movie)", e.Message);
        Assert.Contains(corrupt, e.Message);
        Assert.Equal(128, gl.Frame(scene, 0)[0]); // drawing before the layer starts never touches the file
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
