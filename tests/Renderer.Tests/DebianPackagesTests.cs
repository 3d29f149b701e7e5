namespace ViST.Renderer.Tests;

/// <summary>The embedded tools/debian-packages.txt: every feature the code names has packages there, and every
/// line says who needs its package (what the launchers and .ci/run select by).</summary>
public class DebianPackagesTests
{
    static readonly string[] Features = typeof(DebianPackages).GetFields()
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    [Fact]
    public void Every_feature_the_code_names_has_its_packages_in_the_list()
    {
        Assert.Equal([DebianPackages.HeadlessGl, DebianPackages.Window, DebianPackages.Ffmpeg, DebianPackages.Audio], Features);
        Assert.All(Features, f => Assert.NotEmpty(DebianPackages.For(f)));
        Assert.Equal(["libegl1", "libegl-mesa0", "libgl1-mesa-dri"], DebianPackages.For(DebianPackages.HeadlessGl));
        Assert.Equal("Debian: sudo apt-get install ffmpeg", DebianPackages.InstallHint(DebianPackages.Ffmpeg));
        Assert.Throws<ArgumentException>(() => DebianPackages.For("teleporter"));
    }

    [Fact]
    public void Every_line_names_a_package_a_feature_the_programs_that_need_it_and_why()
    {
        Assert.All(DebianPackages.All, e =>
        {
            Assert.Matches("^[a-z0-9][a-z0-9.+-]+$", e.Package);                              // a Debian package name
            Assert.All(e.Programs, p => Assert.Contains(p, new[] { "vist", "vist-train", "tests" }));
            Assert.False(string.IsNullOrWhiteSpace(e.Why));
        });
        Assert.Equal(DebianPackages.All.Count, DebianPackages.All.Select(e => e.Package).Distinct().Count());
    }

    [Fact]
    public void A_line_without_a_reason_is_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => DebianPackages.Parse("# comment\nlibegl1 headless-gl vist\n"));
        Assert.Contains("libegl1 headless-gl vist", e.Message);
    }
}
