using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ViST.Tests;
using static ViST.Tests.TestFiles;

namespace ViST.Simulator.Tests.Processes;

/// <summary>
/// A small corpus of broken files, one or two per format vist reads (scene, sweep, movie, bundle manifest, ONNX,
/// recording), made by the test: each gets exactly one error line naming the file and the problem, exit code 2,
/// and no stack trace, from the program as users run it. (vist-train's formats: Trainer.Tests.)
/// </summary>
public class BadFilesTests
{
    /// <summary>A case writes its broken file(s) into a folder and returns the vist arguments, the file the error
    /// must name, and words of the problem it must state.</summary>
    delegate (string[] Args, string File, string[] Problem) Case(string dir);

    static readonly string Grating = Path.Combine(TestPaths.RepoRoot, "scenes", "grating.json");
    static readonly string DefaultBundle = Path.Combine(TestPaths.RepoRoot, "models", "default.vist");

    static string[] Run(string scene, string model = "ln") => ["run", "--scene", scene, "--model", model, "--headless", "--seconds", "1"];

    /// <summary>A copy of the default bundle with <paramref name="file"/> replaced, its sha256 in the manifest updated
    /// (so the file itself, not the hash check, is what fails).</summary>
    static string BundleWith(string dir, string file, byte[] content)
    {
        string bundle = CopyOfDefaultBundle(dir);
        File.WriteAllBytes(Path.Combine(bundle, file), content);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "manifest.json")))!;
        manifest["files"]![file] = Convert.ToHexStringLower(SHA256.HashData(content));
        File.WriteAllText(Path.Combine(bundle, "manifest.json"), manifest.ToJsonString());
        return bundle;
    }

    static string CopyOfDefaultBundle(string dir)
    {
        string bundle = Path.Combine(dir, "broken.vist");
        Directory.CreateDirectory(bundle);
        foreach (var f in Directory.GetFiles(DefaultBundle)) File.Copy(f, Path.Combine(bundle, Path.GetFileName(f)));
        return bundle;
    }

    /// <summary>Bytes that are no format at all (fixed, so every run tests the same file).</summary>
    static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(1).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A real 3-second movie written by vist itself (ffmpeg, H.264 with its index first), cut in half.</summary>
    static string CutMovie(string dir)
    {
        string movie = Path.Combine(dir, "whole.mp4");
        var made = ProgramProcess.Run("vist", ["render", "--scene", Grating, "--frames", "90", "--mp4", movie], dir);
        Assert.True(made.ExitCode == 0, made.ToString());
        var bytes = File.ReadAllBytes(movie);
        return Write(dir, "cut.mp4", bytes[..(bytes.Length / 2)]);
    }

    static readonly Dictionary<string, Case> Cases = new()
    {
        ["scene that is not JSON"] = dir => (Run(Write(dir, "scene.json", "{ \"layers\": [ {\"type\": ")), "scene.json", ["not valid JSON"]),
        ["scene with an unknown stimulus"] = dir => (Run(Write(dir, "scene.json", """{"layers": [{"type": "wobble"}]}""")), "scene.json", ["unknown stimulus type \"wobble\""]),
        ["scene with a value out of range"] = dir => (["render", "--scene", Write(dir, "scene.json", """{"layers": [{"type": "grating", "contrast": 7}]}"""), "--frames", "1", "--out", "x.npy"],
            "scene.json", ["contrast", "<= 1"]),
        ["sweep that is not JSON"] = dir => (["sweep", Write(dir, "sweep.json", "{\"name\": "), "--model", "ln"], "sweep.json", ["not valid JSON"]),
        ["sweep of a parameter no layer has"] = dir => (["sweep", Write(dir, "sweep.json", """{"name": "s", "scene": {"layers": []}, "grid": {"g.contrast": [0.1]}, "duration_s": 1}"""), "--model", "ln"],
            "sweep.json", ["unknown parameter 'g.contrast'"]),
        ["movie that is not a movie"] = dir => (["render", "--movie", Write(dir, "movie.mp4", "not a movie"), "--frames", "3", "--out", "x.npy"], "movie.mp4", ["cannot decode the movie"]),
        ["movie cut off in the middle"] = dir => (["render", "--movie", CutMovie(dir), "--frames", "90", "--out", "x.npy"], "cut.mp4", ["decoding failed after frame"]),
        ["bundle manifest that is not JSON"] = dir => (Run(Grating, Path.GetDirectoryName(Write(Directory.CreateDirectory(Path.Combine(dir, "b.vist")).FullName, "manifest.json", "{\"format\": "))!),
            "b.vist/manifest.json", ["not a valid bundle manifest"]),
        ["bundle manifest of another format"] = dir => (Run(Grating, Path.GetDirectoryName(Write(Directory.CreateDirectory(Path.Combine(dir, "b.vist")).FullName, "manifest.json", """{"format": "vist-bundle/9"}"""))!),
            "b.vist/manifest.json", ["format 'vist-bundle/9'"]),
        ["bundle file changed after export"] = dir =>
        {
            string bundle = CopyOfDefaultBundle(dir);
            File.AppendAllText(Path.Combine(bundle, "head.onnx"), "x");
            return (Run(Grating, bundle), "broken.vist/head.onnx", ["does not match the manifest"]);
        },
        ["ONNX graph that is not ONNX"] = dir => (Run(Grating, BundleWith(dir, "head_step.onnx", Garbage(2000))),
            "broken.vist/head_step.onnx", ["ONNX Runtime cannot load this model"]),
        ["ONNX graph of the wrong shape"] = dir => (Run(Grating, BundleWith(dir, "head_step.onnx", File.ReadAllBytes(Path.Combine(DefaultBundle, "head.onnx")))),
            "broken.vist/head_step.onnx", ["has shape", "expected"]),
        ["recording that is empty"] = dir => (["replay", Write(dir, "run.vistrec", "")], "run.vistrec", ["empty file"]),
        ["recording that is not a recording"] = dir => (["replay", Write(dir, "run.vistrec", "this is text")], "run.vistrec", ["not a .vistrec file"]),
        ["recording that is noise"] = dir => (["replay", Write(dir, "run.vistrec", Garbage(500))], "run.vistrec", ["recording"]),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_broken_file_gets_one_error_line_naming_it_and_exit_code_2(string name)
    {
        string dir = TestPaths.TempDir();
        var (args, file, problem) = Cases[name](dir);
        ProgramProcess.Run("vist", args, dir).AssertOneErrorLine(file, problem);
    }
}
