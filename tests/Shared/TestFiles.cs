namespace ViST.Tests;

/// <summary>Files a test writes into its temporary folder, for example the bad-file corpora's broken inputs.</summary>
public static class TestFiles
{
    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to DIR/NAME; returns the path.</summary>
    public static string Write(string dir, string name, string text) { string p = Path.Combine(dir, name); File.WriteAllText(p, text); return p; }

    /// <summary>Writes <paramref name="bytes"/> to DIR/NAME; returns the path.</summary>
    public static string Write(string dir, string name, byte[] bytes) { string p = Path.Combine(dir, name); File.WriteAllBytes(p, bytes); return p; }
}
