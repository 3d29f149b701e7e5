using System.Reflection;

namespace ViST.Renderer;

/// <summary>
/// The Debian packages behind each feature that needs software outside .NET (headless GL, the window, ffmpeg, live
/// audio), read from tools/debian-packages.txt, embedded at build time: the launchers install from the same file, so
/// an error message never names a package the launcher would not install. <see cref="Missing"/> is how every part of
/// the programs says that this machine lacks something: one line naming the thing, the problem and the fix.
/// </summary>
public static class DebianPackages
{
    /// <summary>The features code asks for, as the list's second column names them.</summary>
    public const string HeadlessGl = "headless-gl", Window = "window", Ffmpeg = "ffmpeg", Audio = "audio";

    static readonly Lazy<IReadOnlyList<Entry>> Entries = new(Read);

    /// <summary>One line of the list.</summary>
    public sealed record Entry(string Package, string Feature, IReadOnlyList<string> Programs, string Why);

    public static IReadOnlyList<Entry> All => Entries.Value;

    /// <summary>The packages of <paramref name="feature"/> (<see cref="HeadlessGl"/>, <see cref="Window"/>, ...).</summary>
    public static IReadOnlyList<string> For(string feature)
    {
        var packages = All.Where(e => e.Feature == feature).Select(e => e.Package).ToList();
        return packages.Count > 0 ? packages : throw new ArgumentException($"tools/debian-packages.txt has no feature '{feature}'");
    }

    /// <summary>"Debian: sudo apt-get install PACKAGES" for <paramref name="feature"/>.</summary>
    public static string InstallHint(string feature) => $"Debian: sudo apt-get install {string.Join(' ', For(feature))}";

    /// <summary>"THING: PROBLEM (Debian: sudo apt-get install ...)" as the exception the command line reports as one
    /// error line with exit code 2 (a <see cref="PlatformNotSupportedException"/> is a NotSupportedException).</summary>
    public static PlatformNotSupportedException Missing(string thing, string problem, string feature, Exception? inner = null) =>
        new($"{thing}: {problem} ({InstallHint(feature)})", inner);

    static IReadOnlyList<Entry> Read()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("debian-packages.txt")
            ?? throw new InvalidOperationException("debian-packages.txt is not embedded in the Renderer assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Lines of "package feature programs why...", '#' comments and blank lines skipped.</summary>
    public static IReadOnlyList<Entry> Parse(string text)
    {
        var entries = new List<Entry>();
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 4) throw new InvalidDataException($"debian-packages.txt: '{line}' is not 'package feature programs why'");
            entries.Add(new Entry(parts[0], parts[1], parts[2].Split(','), parts[3]));
        }
        return entries;
    }
}
