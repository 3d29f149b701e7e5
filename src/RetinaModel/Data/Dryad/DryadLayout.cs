using System.Text.RegularExpressions;

namespace ViST.RetinaModel.Data.Dryad;

/// <summary>
/// Where things are in a Dryad download (doi:10.5061/dryad.4ch10): Stimuli/Movie1, Stimuli/Movie2 (one raw
/// uint8 frame per file), NeuralData/Spikes/*.mat and NeuralData/ReceptiveFields/*.mat. The spike files use the
/// dataset's own odd naming: recording 2 saw movie 1 in Movie2Exp2.mat and movie 2 in Movie1Exp2.mat.
/// </summary>
public static partial class DryadLayout
{
    public static string StimulusFolder(string root, int movie) => Path.Combine(root, "Stimuli", $"Movie{movie}");
    public static string SpikesFolder(string root) => Path.Combine(root, "NeuralData", "Spikes");
    public static string ReceptiveFieldsFolder(string root) => Path.Combine(root, "NeuralData", "ReceptiveFields");

    /// <summary>The spike file of <paramref name="recording"/> (1 or 2) watching <paramref name="movie"/> (1 or 2).</summary>
    public static string SpikeFile(string root, int recording, int movie) => Path.Combine(SpikesFolder(root), (recording, movie) switch
    {
        (1, 1) => "Movie1Exp1.mat",
        (1, 2) => "Movie2Exp1.mat",
        (2, 1) => "Movie2Exp2.mat",
        (2, 2) => "Movie1Exp2.mat",
        _ => throw new ArgumentException($"recording and movie must each be 1 or 2 (got recording {recording}, movie {movie})"),
    });

    /// <summary>The receptive-field file of a recording: the one .mat in NeuralData/ReceptiveFields whose name
    /// ends in Exp1/Exp2 (e.g. RF_Exp2.mat), or the only .mat there when its name names no recording.</summary>
    public static string ReceptiveFieldFile(string root, int recording)
    {
        string dir = ReceptiveFieldsFolder(root);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such folder (a Dryad download has NeuralData/ReceptiveFields)");
        var all = Directory.GetFiles(dir, "*.mat").Order(StringComparer.Ordinal).ToArray();
        var matching = all.Where(f => Path.GetFileNameWithoutExtension(f).EndsWith($"Exp{recording}", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (matching.Length == 1) return matching[0];
        if (matching.Length == 0 && all.Length == 1 && !RecordingSuffix().IsMatch(Path.GetFileNameWithoutExtension(all[0]))) return all[0];
        throw new InvalidDataException($"{dir}: cannot tell which file holds the RF contours of recording {recording} " +
            $"(found: {(all.Length == 0 ? "no .mat files" : string.Join(", ", all.Select(Path.GetFileName)))}); name it with --rf");
    }

    /// <summary>The frame files of a movie folder in frame order: sorted by the last number in the file name
    /// (so frame10 follows frame9), then by name.</summary>
    public static string[] FrameFiles(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such stimulus folder");
        var files = Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).ToArray();
        if (files.Length == 0) throw new InvalidDataException($"{folder}: no frame files");
        return files.OrderBy(f => LastNumber(Path.GetFileName(f))).ThenBy(f => f, StringComparer.Ordinal).ToArray();
    }

    static long LastNumber(string name)
    {
        var m = Number().Matches(name);
        return m.Count == 0 ? -1 : long.Parse(m[^1].Value);
    }

    [GeneratedRegex(@"\d+")] private static partial Regex Number();
    [GeneratedRegex(@"Exp\d+$", RegexOptions.IgnoreCase)] private static partial Regex RecordingSuffix();
}
