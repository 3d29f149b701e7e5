using Google.Protobuf;
using Onnx;

namespace ViST.RetinaModel.Backbones;

/// <summary>
/// The embedded ResNet18: the CNTK 2.6 export shipped in the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18
/// 0.23.1 (copied next to the binary as models/ResNet18.onnx at build time). On first use the graph is cut at the
/// end of layer 3 (ReLU347_Output_0), the nodes and weights that do not feed it are dropped, and the batch
/// dimension is made dynamic at a 256x256 input; the result (11 MB) is cached next to the binary, or in the
/// user cache folder when that is not writable.
/// </summary>
public static class ResNet18Model
{
    public const string Input = "Input247", Layer3Output = "ReLU347_Output_0";
    public const int InputSize = 256;
    const string CacheName = "resnet18-l3-256.v1.onnx";

    static readonly object Gate = new();

    public static string SourcePath => Path.Combine(AppContext.BaseDirectory, "models", "ResNet18.onnx");
    public static string PreprocessPath => Path.Combine(AppContext.BaseDirectory, "models", "ResNetPreprocess.onnx");

    /// <summary>The cut model's bytes, from the cache or built now.</summary>
    public static byte[] Layer3()
    {
        lock (Gate)
        {
            foreach (var dir in CacheDirs())
            {
                string p = Path.Combine(dir, CacheName);
                if (File.Exists(p) && File.GetLastWriteTimeUtc(p) >= File.GetLastWriteTimeUtc(RequireFile(SourcePath))) return File.ReadAllBytes(p);
            }
            byte[] bytes = CutAtLayer3(ModelProto.Parser.ParseFrom(File.ReadAllBytes(RequireFile(SourcePath))), SourcePath).ToByteArray();
            foreach (var dir in CacheDirs())
                if (TryWrite(dir, bytes)) break;
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

    /// <summary>Keeps only what feeds the end of layer 3; batch dynamic ("N"), 256x256 input.</summary>
    internal static ModelProto CutAtLayer3(ModelProto m, string source)
    {
        var g = m.Graph;
        var producer = new Dictionary<string, NodeProto>();
        foreach (var n in g.Node) foreach (var o in n.Output) producer[o] = n;
        if (!producer.ContainsKey(Layer3Output))
            throw new InvalidDataException($"{source}: no node output '{Layer3Output}' (not the CNTK ResNet18 export this preset expects)");

        var keep = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<string>([Layer3Output]);
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
        g.Output.Clear(); g.Output.Add(new ValueInfoProto { Name = Layer3Output });

        var input = g.Input.FirstOrDefault(i => i.Name == Input)
            ?? throw new InvalidDataException($"{source}: no input '{Input}'");
        var dims = input.Type.TensorType.Shape.Dim;
        dims[0].ClearDimValue(); dims[0].DimParam = "N";
        dims[2].DimValue = InputSize; dims[3].DimValue = InputSize;
        return m;
    }

    static IEnumerable<string> CacheDirs()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "models");
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        yield return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".cache") : xdg, "vist");
    }

    static bool TryWrite(string dir, byte[] bytes)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string tmp = Path.Combine(dir, $"{CacheName}.{Environment.ProcessId}.tmp");
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, Path.Combine(dir, CacheName), overwrite: true);   // atomic: parallel first uses are safe
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    static string RequireFile(string p) => File.Exists(p) ? p
        : throw new FileNotFoundException($"{p}: missing. It is copied there at build time from the NuGet package " +
            "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (a <PackageDownload> of RetinaModel.csproj); rebuild the program.", p);
}
