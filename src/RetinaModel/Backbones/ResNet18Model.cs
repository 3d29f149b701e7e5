using Google.Protobuf;
using Onnx;

namespace ViST.RetinaModel.Backbones;

/// <summary>
/// The embedded ResNet18: the CNTK 2.6 export shipped in the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18
/// 0.23.1 (copied next to the binary as models/ResNet18.onnx at build time). On first use the graph is cut at the
/// end of a stage (<see cref="ResNet18Stage"/>: layer 2 or layer 3), the nodes and weights that do not feed it are
/// dropped, and the batch dimension is made dynamic at the stage's input size (the one that makes its map 16x16);
/// the result (1.7 MB for layer 2, 11 MB for layer 3) is cached next to the binary, or in the user cache folder when
/// that is not writable.
/// </summary>
public static class ResNet18Model
{
    public const string Input = "Input247";

    static readonly object Gate = new();

    public static string SourcePath => Path.Combine(AppContext.BaseDirectory, "models", "ResNet18.onnx");
    public static string PreprocessPath => Path.Combine(AppContext.BaseDirectory, "models", "ResNetPreprocess.onnx");

    /// <summary>The model cut at <paramref name="stage"/>'s end, from the cache or built now.</summary>
    public static byte[] Cut(ResNet18Stage stage)
    {
        lock (Gate)
        {
            foreach (var dir in CacheDirs())
            {
                string p = Path.Combine(dir, stage.CacheName);
                if (File.Exists(p) && File.GetLastWriteTimeUtc(p) >= File.GetLastWriteTimeUtc(RequireFile(SourcePath))) return File.ReadAllBytes(p);
            }
            byte[] bytes = CutAt(ModelProto.Parser.ParseFrom(File.ReadAllBytes(RequireFile(SourcePath))), stage, SourcePath).ToByteArray();
            foreach (var dir in CacheDirs())
                if (TryWrite(dir, stage.CacheName, bytes)) break;
            return bytes;
        }
    }

    /// <summary>CNTK's mean image [3,224,224] (BGR) from ResNetPreprocess.onnx, resized to <paramref name="size"/>.</summary>
    public static float[] MeanImage(int size)
    {
        var m = ModelProto.Parser.ParseFrom(File.ReadAllBytes(RequireFile(PreprocessPath)));
        var t = m.Graph.Initializer.FirstOrDefault(i => i.Name == "MeanImage")
            ?? throw new InvalidDataException($"{PreprocessPath}: no 'MeanImage' initializer");
        float[] src = t.FloatData.Count > 0 ? t.FloatData.ToArray()
            : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();
        if (src.Length != 3 * 224 * 224) throw new InvalidDataException($"{PreprocessPath}: MeanImage has {src.Length} values, expected 3x224x224");
        var dst = new float[3 * size * size];
        for (int c = 0; c < 3; c++)
            FramePreprocessor.Resize(src.AsSpan(c * 224 * 224, 224 * 224), 224, size).CopyTo(dst, c * size * size);
        return dst;
    }

    /// <summary>Keeps only what feeds the end of <paramref name="stage"/>; batch dynamic ("N"), the stage's input size.</summary>
    internal static ModelProto CutAt(ModelProto m, ResNet18Stage stage, string source)
    {
        var g = m.Graph;
        var producer = new Dictionary<string, NodeProto>();
        foreach (var n in g.Node) foreach (var o in n.Output) producer[o] = n;
        if (!producer.ContainsKey(stage.Output))
            throw new InvalidDataException($"{source}: no node output '{stage.Output}' (not the CNTK ResNet18 export this preset expects)");

        var keep = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<string>([stage.Output]);
        while (stack.Count > 0)
            if (producer.TryGetValue(stack.Pop(), out var n) && keep.Add(n))
                foreach (var i in n.Input) stack.Push(i);
        var kept = g.Node.Where(keep.Contains).ToList();      // original order is topological
        var used = kept.SelectMany(n => n.Input).ToHashSet();

        var inits = g.Initializer.Where(i => used.Contains(i.Name)).ToList();
        var inputs = g.Input.Where(i => used.Contains(i.Name)).ToList();
        g.Node.Clear(); g.Node.AddRange(kept);
        g.Initializer.Clear(); g.Initializer.AddRange(inits);
        g.Input.Clear(); g.Input.AddRange(inputs);
        g.ValueInfo.Clear();                                   // CNTK pins intermediate shapes at 224x224
        g.Output.Clear(); g.Output.Add(new ValueInfoProto { Name = stage.Output });

        var input = g.Input.FirstOrDefault(i => i.Name == Input)
            ?? throw new InvalidDataException($"{source}: no input '{Input}'");
        var dims = input.Type.TensorType.Shape.Dim;
        dims[0].ClearDimValue(); dims[0].DimParam = "N";
        dims[2].DimValue = stage.InputSize; dims[3].DimValue = stage.InputSize;
        return m;
    }

    /// <summary>Where the cut models are kept, in the order they are looked for: beside the program, else the user's
    /// cache folder ($XDG_CACHE_HOME/vist or ~/.cache/vist).</summary>
    public static IReadOnlyList<string> CacheFolders => [.. CacheDirs()];

    static IEnumerable<string> CacheDirs()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "models");
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        yield return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".cache") : xdg, "vist");
    }

    static bool TryWrite(string dir, string name, byte[] bytes)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string tmp = Path.Combine(dir, $"{name}.{Environment.ProcessId}.tmp");
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, Path.Combine(dir, name), overwrite: true);   // atomic: parallel first uses are safe
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    static string RequireFile(string p) => File.Exists(p) ? p
        : throw new FileNotFoundException($"{p}: missing. It is copied there at build time from the NuGet package " +
            "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (a <PackageDownload> of RetinaModel.csproj); rebuild the program.", p);
}

/// <summary>Where the embedded ResNet18 is cut: a stage's last ReLU, its width, and the input size that makes its
/// map 16x16 (layer 2 downsamples 8x, layer 3 16x).</summary>
public sealed record ResNet18Stage(string Preset, string Output, int InputSize, int Channels)
{
    public static readonly ResNet18Stage Layer2 = new("resnet18-l2", "ReLU315_Output_0", 128, 128);
    public static readonly ResNet18Stage Layer3 = new("resnet18-l3", "ReLU347_Output_0", 256, 256);
    public static readonly ResNet18Stage[] All = [Layer2, Layer3];

    public string CacheName => $"{Preset}-{InputSize}.v1.onnx";
}
