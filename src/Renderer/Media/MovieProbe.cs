using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ViST.Renderer.Media;

/// <summary>What a movie file is before conversion: its displayed size (pixel aspect ratio and rotation applied, as
/// ffmpeg shows it), frame rate and duration.</summary>
/// <param name="StoredWidth">Width of the decoded picture in pixels (after rotation), what ffmpeg scales from.</param>
/// <param name="DisplayWidth">Width as shown: <paramref name="StoredWidth"/> times the pixel aspect ratio.</param>
public sealed record MovieInfo(int StoredWidth, int Height, double DisplayWidth, double FrameRate, double? DurationS);

/// <summary>Reads a movie's <see cref="MovieInfo"/> with ffprobe (installed with ffmpeg).</summary>
public static class MovieProbe
{
    public static MovieInfo Probe(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such movie file", path);
        var psi = new ProcessStartInfo("ffprobe")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries",
                     "stream=width,height,sample_aspect_ratio,avg_frame_rate,r_frame_rate:stream_side_data=rotation:format=duration",
                     "-of", "json", path })
            psi.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(psi)!; }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{path}: cannot start ffprobe ({e.Message}); install ffmpeg (Debian: apt install ffmpeg)", e);
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            string json = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidDataException($"{path}: cannot decode the movie: {error.Result.Trim()}");
            return Parse(json, path);
        }
    }

    internal static MovieInfo Parse(string json, string path)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
            throw new InvalidDataException($"{path}: cannot decode the movie: it has no video stream");
        var s = streams[0];
        int w = s.TryGetProperty("width", out var wp) ? wp.GetInt32() : 0, h = s.TryGetProperty("height", out var hp) ? hp.GetInt32() : 0;
        if (w <= 0 || h <= 0) throw new InvalidDataException($"{path}: cannot decode the movie: its video stream has no size");
        double aspect = Ratio(s, "sample_aspect_ratio") is > 0 and var a ? a : 1;     // absent, 0:1 or N/A: square pixels
        double rate = Ratio(s, "avg_frame_rate") is > 0 and var avg ? avg : Ratio(s, "r_frame_rate") ?? 0;
        if (!(rate > 0)) throw new InvalidDataException($"{path}: cannot decode the movie: ffprobe reports no frame rate");
        if (s.TryGetProperty("side_data_list", out var side))
            foreach (var d in side.EnumerateArray())
                if (d.TryGetProperty("rotation", out var r) && Math.Abs(r.GetDouble()) % 180 == 90)
                {
                    (w, h) = (h, w);                                        // ffmpeg turns the picture upright when decoding
                    aspect = 1 / aspect;
                }
        double? duration = doc.RootElement.TryGetProperty("format", out var f) && f.TryGetProperty("duration", out var dp)
            && double.TryParse(dp.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double dur) ? dur : null;
        return new MovieInfo(w, h, w * aspect, rate, duration);
    }

    /// <summary>"num:den" or "num/den" as a number; null when absent or not a ratio of two numbers.</summary>
    static double? Ratio(JsonElement s, string name)
    {
        if (!s.TryGetProperty(name, out var p) || p.GetString() is not { } text) return null;
        var parts = text.Split(':', '/');
        return parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double n)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d != 0 ? n / d : null;
    }
}
