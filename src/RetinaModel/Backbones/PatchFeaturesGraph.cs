using Google.Protobuf;
using Onnx;
using ViST.RetinaModel.Onnx;
using DT = Onnx.TensorProto.Types.DataType;

namespace ViST.RetinaModel.Backbones;

/// <summary>
/// Ends a backbone graph in the head's input layout, [B, Grid*Grid, D] with row-major patches, so the backbone's
/// session can write straight into the buffer the head reads (IOBinding, no host copy; on the GPU no host visit).
/// A feature map [B, D, Grid, Grid] is flattened and transposed; patch tokens [B, N, D] keep their last Grid*Grid
/// (CLS and register tokens come first). Both only move values, so the features equal the host's former rearranging
/// bit for bit. Every other output of the model is dropped, which also spares computing it.
/// </summary>
internal static class PatchFeaturesGraph
{
    public const string Output = "patch_features";

    public static ModelProto Append(ModelProto source, string output, bool tokens, int grid)
    {
        var m = source.Clone();
        var g = m.Graph;
        long opset = m.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(1).Max();
        if (tokens)
        {
            // keep tokens N - Grid*Grid .. N - 1; Slice takes its bounds as attributes before opset 10
            long start = -(long)grid * grid, end = long.MaxValue;
            if (opset >= 10)
                g.Node.Add(Node("Slice", [output, Const(g, "patch_start", start), Const(g, "patch_end", end), Const(g, "patch_axis", 1)], Output));
            else
                g.Node.Add(Node("Slice", [output], Output, GraphBuilder.Ints("starts", start), GraphBuilder.Ints("ends", end), GraphBuilder.Ints("axes", 1)));
        }
        else
        {
            // [B, D, G, G] -> [B, D, G*G] (0 keeps a dim, -1 takes the rest) -> [B, G*G, D]
            g.Node.Add(Node("Reshape", [output, Const(g, "map_shape", 0, 0, -1)], "patch_map"));
            g.Node.Add(Node("Transpose", ["patch_map"], Output, GraphBuilder.Ints("perm", 0, 2, 1)));
        }
        g.Output.Clear();
        g.Output.Add(new ValueInfoProto { Name = Output });
        return m;
    }

    static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = op, Name = "vist_" + output };
        n.Input.AddRange(inputs); n.Output.Add(output); n.Attribute.AddRange(attributes);
        return n;
    }

    /// <summary>An int64 constant as a Constant node: unlike an initializer it needs no graph input in IR 3 models (the
    /// CNTK ResNet export).</summary>
    static string Const(GraphProto g, string name, params long[] values)
    {
        var t = new TensorProto { DataType = (int)DT.Int64 };
        t.Dims.Add(values.Length);
        t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        g.Node.Add(Node("Constant", [], name, new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = t }));
        return name;
    }
}
