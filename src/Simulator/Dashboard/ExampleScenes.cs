namespace ViST.Simulator.Dashboard;

/// <summary>
/// The example scenes shipped beside the program (the repository's scenes/ folder, copied to the output): what the
/// inspector's "examples" list offers. Only plain file names in that folder can be asked for, so a browser cannot
/// name any other file through this list (loading a file by path is a separate, explicit request).
/// </summary>
public sealed class ExampleScenes(string folder)
{
    public static ExampleScenes Shipped { get; } = new(Path.Combine(AppContext.BaseDirectory, "scenes"));

    public IReadOnlyList<string> Names => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>The path of the example called <paramref name="name"/>; an <see cref="ArgumentException"/> naming the
    /// examples there are when it is not one of them.</summary>
    public string PathOf(string name)
    {
        var names = Names;
        if (!names.Contains(name, StringComparer.Ordinal))
            throw new ArgumentException($"no example scene \"{name}\" (examples: {(names.Count > 0 ? string.Join(", ", names) : "none found in " + folder)})");
        return Path.Combine(folder, name);
    }
}
