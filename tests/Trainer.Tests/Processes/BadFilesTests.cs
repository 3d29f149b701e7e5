using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using ViST.RetinaModel.IO;
using ViST.Tests;
using static ViST.Tests.TestFiles;

namespace ViST.Trainer.Tests.Processes;

/// <summary>
/// A small corpus of broken files, one or more per format vist-train reads (.npy, .safetensors, the dataset
/// manifest, MATLAB v5), made by the test: each gets exactly one error line naming the file and the problem, exit
/// code 2, and no stack trace, from the program as users run it. (vist's formats: Simulator.Tests.)
/// </summary>
public class BadFilesTests
{
    delegate (string[] Args, string File, string[] Problem) Case(string dir);


    /// <summary>A .npy with the given header dictionary and data bytes (version 1.0, padded to 64 bytes as numpy does).</summary>
    static byte[] NpyBytes(string header, int dataBytes)
    {
        int padded = (10 + header.Length + 1 + 63) / 64 * 64 - 10;
        var bytes = new byte[10 + padded + dataBytes];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)padded);
        Encoding.Latin1.GetBytes(header.PadRight(padded - 1) + "\n").CopyTo(bytes, 10);
        return bytes;
    }

    static string[] MetricsOn(string dir, string pred)
    {
        string target = Path.Combine(dir, "target.npy");
        Npy.Write(target, new float[6], 2, 3);
        return ["metrics", "--pred", pred, "--target", target];
    }

    static string[] ForwardWith(string dir, string weights)
    {
        Npy.Write(Path.Combine(dir, "x.npy"), new float[256 * 4], 1, 1, 256, 4);
        Npy.Write(Path.Combine(dir, "rf.npy"), new float[256], 1, 1, 16, 16);
        return ["forward", "--weights", weights, "--x", Path.Combine(dir, "x.npy"), "--rf", Path.Combine(dir, "rf.npy"), "--out", Path.Combine(dir, "y.npy")];
    }

    /// <summary>A .safetensors: an 8-byte header length, the JSON header, the data.</summary>
    static byte[] SafeTensorsFile(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>The tiny training dataset with its manifest edited.</summary>
    static string DatasetWith(Action<JsonNode> edit)
    {
        string dir = TrainingPipelineTests.MakeDataset();
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        edit(manifest);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
        return dir;
    }

    static string[] Train(string dataset, string dir) => ["train", dataset, "--out", Path.Combine(dir, "run"), "--backbone", "test"];

    /// <summary>A MAT-file header (116 bytes of text, subsystem offset, version 0x0100, "IM") and then
    /// <paramref name="body"/>.</summary>
    static byte[] Mat(byte[] body)
    {
        var bytes = new byte[128 + body.Length];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, Platform: GLNXA64, made by a test".PadRight(116)).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(124), 0x0100);
        "IM"u8.CopyTo(bytes.AsSpan(126));
        body.CopyTo(bytes, 128);
        return bytes;
    }

    static byte[] CompressedElement(int declared, int present)
    {
        var element = new byte[8 + present];
        BinaryPrimitives.WriteInt32LittleEndian(element, 15);            // miCOMPRESSED
        BinaryPrimitives.WriteInt32LittleEndian(element.AsSpan(4), declared);
        return element;
    }

    /// <summary>import-dryad on an (empty) download's folders with <paramref name="rf"/> as the RF contour file, which
    /// it reads first.</summary>
    static string[] ImportWithRf(string dir, string rf)
    {
        string dryad = Path.Combine(dir, "dryad");
        foreach (var sub in new[] { "Stimuli/Movie1", "Stimuli/Movie2", "NeuralData/Spikes", "NeuralData/ReceptiveFields" })
            Directory.CreateDirectory(Path.Combine(dryad, sub));
        return ["import-dryad", dryad, "--out", Path.Combine(dir, "ds"), "--recording", "2", "--rf", rf];
    }

    static readonly Dictionary<string, Case> Cases = new()
    {
        ["npy that is not npy"] = dir => (MetricsOn(dir, Write(dir, "pred.npy", "predictions")), "pred.npy", ["not a .npy file"]),
        ["npy cut off in its data"] = dir => (MetricsOn(dir, Write(dir, "pred.npy", NpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (200, 3), }", 40))), "pred.npy", ["truncated"]),
        ["npy with a malformed shape"] = dir => (MetricsOn(dir, Write(dir, "pred.npy", NpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3x), }", 24))), "pred.npy", ["malformed shape"]),
        ["npy with an impossible shape"] = dir => (MetricsOn(dir, Write(dir, "pred.npy", NpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }", 24))),
            "pred.npy", ["too large"]),
        ["safetensors that is not safetensors"] = dir => (ForwardWith(dir, Write(dir, "w.safetensors", SafeTensorsFile("{not json", 0))), "w.safetensors", ["not a valid .safetensors file"]),
        ["safetensors whose data is missing"] = dir => (ForwardWith(dir, Write(dir, "w.safetensors", SafeTensorsFile("""{"a": {"dtype": "F32", "shape": [10], "data_offsets": [0, 40]}}""", 8))),
            "w.safetensors", ["data_offsets"]),
        ["dataset manifest that is not JSON"] = dir =>
        {
            string ds = TrainingPipelineTests.MakeDataset();
            File.WriteAllText(Path.Combine(ds, "manifest.json"), "{\"name\": ");
            return (Train(ds, dir), Path.Combine(ds, "manifest.json"), ["not a valid dataset manifest"]);
        },
        ["dataset manifest naming a segment that is not there"] = dir =>
        {
            string ds = DatasetWith(m => m["splits"]!["cross"]!["train"] = new JsonArray(new JsonObject { ["segment"] = "m9" }));
            return (Train(ds, dir), Path.Combine(ds, "manifest.json"), ["segment 'm9'"]);
        },
        ["dataset manifest at odds with its arrays"] = dir =>
        {
            string ds = DatasetWith(m => m["cells"] = 7);
            return (Train(ds, dir), Path.Combine(ds, "manifest.json"), ["7 cells"]);
        },
        ["MAT file that is not one"] = dir => (ImportWithRf(dir, Write(dir, "rf.mat", "receptive fields")), "rf.mat", ["not a MATLAB v5 MAT-file"]),
        ["MAT file cut off"] = dir => (ImportWithRf(dir, Write(dir, "rf.mat", Mat(CompressedElement(declared: 5000, present: 100)))), "rf.mat", ["truncated"]),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_broken_file_gets_one_error_line_naming_it_and_exit_code_2(string name)
    {
        string dir = TestPaths.TempDir();
        var (args, file, problem) = Cases[name](dir);
        ProgramProcess.Run("vist-train", args, dir).AssertOneErrorLine(file, problem);
    }
}
