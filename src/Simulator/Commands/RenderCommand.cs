using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using ViST.Cli;
using ViST.Renderer;
using ViST.Renderer.Gl;
using ViST.Renderer.Media;
using ViST.Renderer.Scenes;
using ViST.RetinaModel.IO;

namespace ViST.Simulator.Commands;

/// <summary>`vist render`: a scene or a movie to frames (.npy uint8 [N,360,360]), PNG files and/or an .mp4.</summary>
public static class RenderCommand
{
    const int Chunk = 60;

    public static Command Create()
    {
        var scene = CliRunner.Optional<string>("--scene", "scene file (JSON); see --list-types for layer parameters");
        var movie = CliRunner.Optional<string>("--movie", "movie file (anything ffmpeg reads), placed on the 360x360 frame by --fit, gray at 30 frames/s");
        var loop = CliRunner.Optional<bool>("--loop", "with --movie: start over at the end (default: hold the last frame)");
        var fit = CliRunner.WithDefault("--fit", "with --movie: crop (fill the frame, aspect kept, overhang cut), pad (whole picture, grey bands) or stretch",
            MovieConversion.NameOf(MovieConversion.DefaultFit));
        fit.AcceptOnlyFromAmong(MovieConversion.FitNames);
        var startFrame = CliRunner.WithDefault("--start-frame", "with --movie: first movie frame (at 30 Hz)", 0L);
        var frames = CliRunner.Optional<int>("--frames", "number of frames (30 per second); required unless --list-types");
        var first = CliRunner.WithDefault("--first", "index of the first frame", 0L);
        var npy = CliRunner.Optional<string>("--out", "write uint8 [N,360,360] frames to this .npy file");
        var png = CliRunner.Optional<string>("--png", "write frame_00000.png ... into this folder");
        var mp4 = CliRunner.Optional<string>("--mp4", "write an H.264 video at 30 frames/s");
        var shaders = CliRunner.Optional<string>("--shaders", "shader folder (default: shaders/ beside the program)");
        var listTypes = CliRunner.Optional<bool>("--list-types", "print every stimulus type and its parameters with units, then exit");
        var cmd = new Command("render", "Render a scene or decode a movie to frames (.npy), PNG images and/or an .mp4.")
        {
            scene, movie, loop, fit, startFrame, frames, first, npy, png, mp4, shaders, listTypes,
        };
        cmd.SetAction(pr =>
        {
            if (pr.GetValue(listTypes))
            {
                Console.WriteLine(StimulusTypes.Reference());
                return 0;
            }
            string? scenePath = pr.GetValue(scene), moviePath = pr.GetValue(movie);
            if ((scenePath is null) == (moviePath is null)) throw new UserInputException("give exactly one of --scene and --movie");
            int n = pr.GetValue(frames);
            if (n <= 0) throw new UserInputException("--frames: expected a number of frames > 0");
            long firstIndex = pr.GetValue(first);
            if (firstIndex < 0) throw new UserInputException("--first: expected a frame index >= 0");
            string? npyPath = pr.GetValue(npy), pngDir = pr.GetValue(png), mp4Path = pr.GetValue(mp4);
            if (npyPath is null && pngDir is null && mp4Path is null) throw new UserInputException("nothing to write: give --out, --png and/or --mp4");

            var watch = Stopwatch.StartNew();
            // Frames go to the encoders in chunks, so PNG/MP4 output needs little memory; the .npy is kept whole.
            var all = npyPath is null ? null : new byte[(long)n * FrameSpec.Pixels];
            var encoders = new List<FrameEncoder>();
            string source;
            try
            {
                if (pngDir != null) encoders.Add(FrameEncoder.Png(pngDir));
                if (mp4Path != null) encoders.Add(FrameEncoder.Mp4(mp4Path));
                var chunk = new byte[Chunk * FrameSpec.Pixels];
                void Emit(int done, int count)
                {
                    var frames = chunk.AsSpan(0, count * FrameSpec.Pixels);
                    if (all != null) frames.CopyTo(all.AsSpan(checked(done * FrameSpec.Pixels)));
                    foreach (var e in encoders) e.Write(frames);
                }
                if (scenePath != null)
                {
                    var s = SceneJson.Load(scenePath);
                    using var renderer = new HeadlessRenderer(ShaderLibrary.Load(pr.GetValue(shaders)));
                    renderer.Prepare(s);
                    for (int done = 0; done < n; done += Chunk)
                    {
                        int count = Math.Min(Chunk, n - done);
                        renderer.RenderFrames(s, firstIndex + done, count, chunk);
                        Emit(done, count);
                    }
                    source = $"{scenePath} ({renderer.GlRenderer})";
                }
                else
                {
                    using var m = new MovieFrameSource(moviePath!, pr.GetValue(loop), pr.GetValue(startFrame), fit: MovieConversion.ParseFit(pr.GetValue(fit)!));
                    for (int done = 0; done < n; done += Chunk)
                    {
                        int count = Math.Min(Chunk, n - done);
                        for (int k = 0; k < count; k++) m.Render(firstIndex + done + k, chunk.AsSpan(k * FrameSpec.Pixels, FrameSpec.Pixels));
                        Emit(done, count);
                    }
                    source = $"{moviePath} ({m.Conversion.Describe()})";
                }
                foreach (var e in encoders) e.Finish();
            }
            finally
            {
                foreach (var e in encoders) e.Dispose();
            }
            if (all != null) Npy.Write(npyPath!, all, n, FrameSpec.Height, FrameSpec.Width);
            double seconds = watch.Elapsed.TotalSeconds;
            AnsiConsole.MarkupLineInterpolated(
                $"rendered [bold]{n}[/] frames ({n / FrameSpec.FrameRate:0.###} s) of {source} in {seconds:0.00} s, start-up and writing included");
            foreach (var o in new[] { npyPath, pngDir, mp4Path }.Where(o => o != null))
                AnsiConsole.MarkupLineInterpolated($"  wrote {o}");
            return 0;
        });
        return cmd;
    }
}
