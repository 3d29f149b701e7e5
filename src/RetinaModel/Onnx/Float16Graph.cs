using Google.Protobuf;
using Onnx;
using DT = Onnx.TensorProto.Types.DataType;

namespace ViST.RetinaModel.Onnx;

/// <summary>
/// Makes a float16 copy of a float32 ONNX graph: every float weight (initializers, Constant nodes) is stored as
/// float16 and every node computes in float16, while the graph's inputs and outputs stay float32 (a Cast after each
/// input and before each output), so callers bind the same float32 tensors as before. Half the weight memory, and on
/// GPUs the tensor cores' rate. The CPU provider has few float16 kernels: ONNX Runtime computes the others in float32
/// between casts it inserts, so on the CPU the copy shows float16's rounding error, not its speed.
/// The graph is first optimised by ONNX Runtime at float32 (its basic, provider-independent level): that folds each
/// BatchNormalization into its convolution, whose running variance can exceed float16's largest value (65504) and
/// would become infinity (the CNTK ResNet18 on 0-255 pixels: its features were 50% wrong without the folding).
/// </summary>
internal static class Float16Graph
{
    /// <summary>Inputs that the ONNX operator specifications require in float32 whatever the data type (Resize's scales, ...).</summary>
    static readonly HashSet<(string Op, int Input)> Float32Only = [("Resize", 2), ("Upsample", 1)];

    public static ModelProto Convert(byte[] float32Model, string what) => Convert(ModelProto.Parser.ParseFrom(Folded(float32Model)), what);

    /// <summary>The model as ONNX Runtime's basic optimisations leave it (constants folded, batch norms fused).</summary>
    static byte[] Folded(byte[] model)
    {
        string path = Path.Combine(Path.GetTempPath(), $"vist-fold-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var so = new Microsoft.ML.OnnxRuntime.SessionOptions { GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_BASIC, OptimizedModelFilePath = path })
            using (new Microsoft.ML.OnnxRuntime.InferenceSession(model, so)) { }
            return File.ReadAllBytes(path);
        }
        finally { File.Delete(path); }
    }

    static ModelProto Convert(ModelProto source, string what)
    {
        var m = source.Clone();
        var g = m.Graph;
        var keepFloat = g.Node.SelectMany(n => n.Input.Select((name, i) => (n.OpType, i, name)))
            .Where(u => Float32Only.Contains((u.OpType, u.i))).Select(u => u.name).ToHashSet();

        foreach (var t in g.Initializer)
            if (t.DataType == (int)DT.Float && !keepFloat.Contains(t.Name)) ToHalf(t, what);
        var initializers = g.Initializer.Select(t => t.Name).ToHashSet();
        foreach (var n in g.Node)
        {
            foreach (var a in n.Attribute)
            {
                if (n.OpType == "Constant" && a.T is { DataType: (int)DT.Float } t && !n.Output.Any(keepFloat.Contains)) ToHalf(t, what);
                if (n.OpType == "Cast" && a.Name == "to" && a.I == (long)DT.Float) a.I = (long)DT.Float16;
            }
        }

        // IR 3 graphs list their initializers among the inputs too: those change type; real inputs get a Cast.
        var casts = new List<NodeProto>();
        foreach (var input in g.Input.Where(i => IsFloat(i)))
        {
            if (initializers.Contains(input.Name))
            {
                if (!keepFloat.Contains(input.Name)) input.Type.TensorType.ElemType = (int)DT.Float16;
                continue;
            }
            string half = input.Name + "_fp16";
            foreach (var n in g.Node)
                for (int i = 0; i < n.Input.Count; i++) if (n.Input[i] == input.Name) n.Input[i] = half;
            casts.Add(Cast(input.Name, half, DT.Float16));
        }
        for (int i = casts.Count - 1; i >= 0; i--) g.Node.Insert(0, casts[i]);

        foreach (var output in g.Output.Where(o => IsFloat(o) || o.Type == null))
        {
            string half = output.Name + "_fp16";
            foreach (var n in g.Node)
            {
                for (int i = 0; i < n.Output.Count; i++) if (n.Output[i] == output.Name) n.Output[i] = half;
                for (int i = 0; i < n.Input.Count; i++) if (n.Input[i] == output.Name) n.Input[i] = half;
            }
            g.Node.Add(Cast(half, output.Name, DT.Float));
        }
        g.ValueInfo.Clear();   // intermediate types were float32; ONNX Runtime infers them again
        return m;
    }

    static bool IsFloat(ValueInfoProto v) => v.Type?.TensorType?.ElemType == (int)DT.Float;

    static NodeProto Cast(string from, string to, DT type)
    {
        var n = new NodeProto { OpType = "Cast", Name = "cast_" + to };
        n.Input.Add(from); n.Output.Add(to);
        n.Attribute.Add(GraphBuilder.Int("to", (long)type));
        return n;
    }

    /// <summary>Rewrites a float32 tensor (float_data or raw_data) as float16 raw data, rounding to nearest even.</summary>
    static void ToHalf(TensorProto t, string what)
    {
        float[] values = t.FloatData.Count > 0 ? [.. t.FloatData]
            : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();
        var half = new ushort[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var h = (Half)values[i];
            if (Half.IsInfinity(h) && float.IsFinite(values[i]))
                throw new InvalidDataException($"{what}: weight '{t.Name}' holds {values[i]}, beyond float16's range; run this backbone in fp32");
            half[i] = BitConverter.HalfToUInt16Bits(h);
        }
        t.FloatData.Clear();
        t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(half.AsSpan()));
        t.DataType = (int)DT.Float16;
    }
}
