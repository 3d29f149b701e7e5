using Google.Protobuf;
using Onnx;

namespace ViST.RetinaModel.Onnx;

/// <summary>
/// A thin, typed way to write an ONNX graph node by node (OnnxSharp's generated protobuf classes underneath).
/// Every helper returns the name of the value it produces, so graph code reads like the forward pass.
/// </summary>
internal sealed class GraphBuilder
{
    public const int Opset = 17;
    readonly GraphProto _graph;
    int _counter;

    public GraphBuilder(string name) => _graph = new GraphProto { Name = name };

    public void Input(string name, TensorProto.Types.DataType type, params object[] dims) => _graph.Input.Add(ValueInfo(name, type, dims));
    public void Output(string name, TensorProto.Types.DataType type, params object[] dims) => _graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>A float initializer (weights).</summary>
    public string Const(string name, float[] data, params long[] dims)
    {
        var t = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        _graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>An int64 initializer (shapes, axes, indices).</summary>
    public string ConstI64(string name, params long[] data)
    {
        var t = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(data.Length);
        t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        _graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>Adds one node; returns its (single) output name. <paramref name="output"/> fixes that name (graph outputs).</summary>
    public string Node(string op, string[] inputs, string? output = null, params AttributeProto[] attributes)
    {
        string outName = output ?? Unique(op.ToLowerInvariant());
        var n = new NodeProto { OpType = op, Name = Unique("n_" + op) };
        n.Input.AddRange(inputs.Select(Resolve));
        n.Output.Add(outName);
        n.Attribute.AddRange(attributes);
        _graph.Node.Add(n);
        return outName;
    }

    /// <summary>A node with several outputs (Split).</summary>
    public string[] NodeMulti(string op, string[] inputs, int outputs, params AttributeProto[] attributes)
    {
        var names = Enumerable.Range(0, outputs).Select(_ => Unique(op.ToLowerInvariant())).ToArray();
        var n = new NodeProto { OpType = op, Name = Unique("n_" + op) };
        n.Input.AddRange(inputs.Select(Resolve));
        n.Output.AddRange(names);
        n.Attribute.AddRange(attributes);
        _graph.Node.Add(n);
        return names;
    }

    /// <summary>Gives a node's output a fixed name (e.g. a graph output), without a copy when possible: the producing node
    /// is renamed and later uses of the old name are redirected. A graph input, or a value already renamed once, gets
    /// an Identity instead (one value has one name).</summary>
    public string Expose(string value, string name)
    {
        value = Resolve(value);
        var producer = _graph.Node.FirstOrDefault(n => n.Output.Contains(value));
        if (producer == null || _aliases.ContainsValue(value)) return Node("Identity", [value], name);
        foreach (var n in _graph.Node)
        {
            for (int i = 0; i < n.Output.Count; i++) if (n.Output[i] == value) n.Output[i] = name;
            for (int i = 0; i < n.Input.Count; i++) if (n.Input[i] == value) n.Input[i] = name;
        }
        _aliases[value] = name;
        return name;
    }

    readonly Dictionary<string, string> _aliases = [];
    string Resolve(string v) => _aliases.TryGetValue(v, out var a) ? a : v;

    public ModelProto ToModel(string producer, string doc)
    {
        var m = new ModelProto { IrVersion = 8, ProducerName = producer, DocString = doc, Graph = _graph };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return m;
    }

    string Unique(string stem) => $"{stem}_{_counter++}";

    public static AttributeProto Ints(string name, params long[] v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(v);
        return a;
    }

    public static AttributeProto Int(string name, long v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = v };
    public static AttributeProto Float(string name, float v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = v };

    /// <summary>A tensor value description; a dim is a long (fixed) or a string (symbolic, e.g. "B").</summary>
    public static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string s
                ? new TensorShapeProto.Types.Dimension { DimParam = s }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
