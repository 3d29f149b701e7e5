using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using ViST.Cli;
using ViST.Renderer;
using ViST.Renderer.Media;
using ViST.Renderer.Scenes;

namespace ViST.Simulator.Commands;

/// <summary>`vist bench render`: headless frames/s (render + readback to bytes) for every stimulus type.</summary>
public static class BenchRenderCommand
{
    public static Command Create()
    {
        var seconds = CliRunner.WithDefault("--seconds", "time spent measuring each stimulus type", 2.0);
        var cmd = new Command("render", "Headless render + readback speed (frames/s) for each stimulus type; budget >= 300 frames/s.") { seconds };
        cmd.SetAction(pr =>
        {
            double perType = pr.GetValue(seconds);
            if (!(perType > 0)) throw new UserInputException("--seconds: expected a duration > 0");
            string dir = Path.Combine(Path.GetTempPath(), $"vist-bench-render-{Environment.ProcessId}");
            Directory.CreateDirectory(dir);
            try
            {
                using var renderer = new HeadlessRenderer();
                var fps = new Dictionary<string, double>();
                foreach (var (type, scene) in Scenes(renderer, dir))
                    fps[type] = Measure(renderer, scene, perType);

                var table = new Table().AddColumns("stimulus", "frames/s", "ms/frame");
                foreach (var (type, f) in fps) table.AddRow(type, $"{f:0}", $"{1000 / f:0.00}");
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLineInterpolated($"GL: {renderer.GlRenderer}; {Environment.ProcessorCount} CPU cores; budget 300 frames/s");
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    fps = fps.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value)),
                    renderer = renderer.GlRenderer,
                }));
            }
            finally { Directory.Delete(dir, true); }
            return 0;
        });
        return cmd;
    }

    /// <summary>A typical scene per stimulus type; the image and movie files are made from a rendered scene.</summary>
    static IEnumerable<(string, Scene)> Scenes(HeadlessRenderer renderer, string dir)
    {
        Scene One(Layer l) => new(1, 0.5, l);
        yield return ("grating", One(Layer.Create("grating", ("cycles_per_px", 0.05), ("orientation_deg", 30.0), ("temporal_hz", 2.0))));
        yield return ("bar", One(Layer.Create("bar", ("width_px", 30.0), ("speed_px_s", 300.0))));
        yield return ("spot", One(Layer.Create("spot", ("radius_px", 80.0))));
        yield return ("flash", One(Layer.Create("flash", ("steps", new[] { new[] { 0.5, 1.0 }, new[] { 0.5, 0.0 } }), ("loop", true))));
        yield return ("chirp", One(Layer.Create("chirp", ("loop", true))));
        yield return ("noise", One(Layer.Create("noise", ("check_px", 10L))));
        yield return ("naturalistic", One(Layer.Create("naturalistic")));

        var leaves = One(Layer.Create("naturalistic"));
        var frames = new byte[150 * FrameSpec.Pixels];
        renderer.RenderFrames(leaves, 0, 150, frames);
        using (var png = FrameEncoder.Png(dir)) { png.Write(frames.AsSpan(0, FrameSpec.Pixels)); png.Finish(); }
        yield return ("image", One(Layer.Create("image", ("file", Path.Combine(dir, "frame_00000.png")))));
        string movie = Path.Combine(dir, "leaves.mp4");
        using (var mp4 = FrameEncoder.Mp4(movie)) { mp4.Write(frames); mp4.Finish(); }
        yield return ("movie", One(Layer.Create("movie", ("file", movie), ("loop", true))));
    }

    static double Measure(HeadlessRenderer renderer, Scene scene, double seconds)
    {
        const int chunk = 30;
        var buffer = new byte[chunk * FrameSpec.Pixels];
        renderer.RenderFrames(scene, 0, chunk, buffer); // warm-up: shader JIT in llvmpipe, decoders, textures
        long index = chunk, done = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            renderer.RenderFrames(scene, index, chunk, buffer);
            index += chunk; done += chunk;
        }
        return done / watch.Elapsed.TotalSeconds;
    }
}
