using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using ViST.RetinaModel.Onnx;
using ViST.RetinaModel.Runtime;

namespace ViST.RetinaModel.Backbones;

/// <summary>
/// Every backbone: an ONNX model with one image input [B,3,S,S] and a declared output, either patch tokens
/// [B, N, D] (the last Grid*Grid are the patches) or a feature map [B, D, Grid, Grid]; see <see cref="BackboneSpec"/>.
/// The output's shape is checked when the model is opened and on every run, with errors that name the file.
/// The graph is ended in the head's layout (<see cref="PatchFeaturesGraph"/>) and run through IOBinding: the input is a
/// preallocated host tensor and the output the head's <see cref="FeatureBuffer"/>, on the CPU or the GPU, so a frame
/// allocates nothing and the features are never copied.
/// </summary>
public sealed class OnnxBackbone : IBackbone
{
    readonly InferenceSession _session;
    readonly FramePreprocessor _pre;
    readonly string _input, _output, _what;
    readonly RunOptions _runOptions;
    readonly OrtIoBinding _binding;
    float[] _inputBuffer = [];
    OrtValue? _inputValue, _outputValue;
    FeatureBuffer? _boundTarget, _hostFeatures;
    int _boundCount;

    public string Name { get; }
    public int Dim { get; }
    public int Grid { get; }
    public string Provider { get; }
    public BackboneSpec Spec { get; }
    public BackbonePrecision Precision { get; }
    public bool WritesDevice => Provider == "CUDA";

    /// <param name="baseDir">Folder that a relative <see cref="BackboneSpec.Onnx"/> path is relative to (the bundle).</param>
    internal static OnnxBackbone Open(BackboneSpec spec, string? baseDir = null, Device device = Device.Auto, BackbonePrecision precision = BackbonePrecision.Fp32)
    {
        if (ResNet18Stage.All.FirstOrDefault(s => s.Preset == spec.Preset) is { } stage)
        {
            var p = spec.Preprocessing with { MeanImage = ResNet18Model.MeanImage(spec.Preprocessing.InputSize) };
            return new OnnxBackbone(ResNet18Model.Cut(stage), $"{ResNet18Model.SourcePath} (cut after {stage.Preset})", spec with { Preprocessing = p }, device, precision);
        }
        if (string.IsNullOrEmpty(spec.Onnx)) throw new InvalidDataException($"backbone '{spec.Preset}': no ONNX file given");
        string path = Path.IsPathRooted(spec.Onnx) || baseDir == null ? spec.Onnx : Path.Combine(baseDir, spec.Onnx);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: backbone ONNX file not found", path);
        if (spec.Preprocessing.MeanImageFrom != null)
            throw new InvalidDataException($"{path}: a mean image is only supported for the {BackboneSpec.ResNetPreset} preset");
        return new OnnxBackbone(File.ReadAllBytes(path), path, spec, device, precision);
    }

    OnnxBackbone(byte[] model, string what, BackboneSpec spec, Device device, BackbonePrecision precision)
    {
        _what = what;
        if (spec.Layout is not (BackboneSpec.TokensLayout or BackboneSpec.MapLayout))
            throw new InvalidDataException($"{what}: layout '{spec.Layout}' is neither '{BackboneSpec.TokensLayout}' nor '{BackboneSpec.MapLayout}'");
        if (spec.Grid < 1) throw new InvalidDataException($"{what}: grid must be positive, got {spec.Grid}");
        bool tokens = spec.Layout == BackboneSpec.TokensLayout;
        _pre = new FramePreprocessor(spec.Preprocessing, what);
        Name = spec.Preset; Grid = spec.Grid; Precision = precision;
        ModelProto graph;
        try { graph = ModelProto.Parser.ParseFrom(model); }
        catch (InvalidProtocolBufferException e) { throw new InvalidDataException($"{what}: not an ONNX model ({e.Message})", e); }
        (_output, int declaredDim) = CheckOutput(graph.Graph, spec, tokens);
        if (precision == BackbonePrecision.Fp16) graph = Float16Graph.Convert(model, what);
        graph = PatchFeaturesGraph.Append(graph, _output, tokens, Grid);
        _session = OrtSessions.Create(graph.ToByteArray(), what, device, out var provider);
        Provider = provider;
        try { _input = CheckInput(); Dim = CheckDim(declaredDim, spec); }
        catch { _session.Dispose(); throw; }
        _runOptions = OrtSessions.NewRunOptions();
        _binding = _session.CreateIoBinding();
        Spec = spec with { Dim = Dim };
    }

    string CheckInput()
    {
        if (_session.InputMetadata.Count != 1) throw new InvalidDataException($"{_what}: expected one image input, the model has {_session.InputMetadata.Count}");
        var (inName, inMeta) = _session.InputMetadata.First();
        var inDims = inMeta.Dimensions;
        if (inDims.Length != 4 || (inDims[1] > 0 && inDims[1] != 3) || (inDims[2] > 0 && inDims[2] != _pre.InputSize) || (inDims[3] > 0 && inDims[3] != _pre.InputSize))
            throw new InvalidDataException($"{_what}: input '{inName}' has shape {DimsText(inDims)}, expected [B,3,{_pre.InputSize},{_pre.InputSize}]");
        return inName;
    }

    /// <summary>The feature width: declared by the model's output, else inferred by ONNX Runtime for the head-layout
    /// output, else the spec's; checked against the spec.</summary>
    int CheckDim(int declared, BackboneSpec spec)
    {
        long inferred = _session.OutputMetadata[PatchFeaturesGraph.Output].Dimensions is [_, _, var d] ? d : -1;
        int dim = declared > 0 ? declared : inferred > 0 ? (int)inferred : spec.Dim;
        if (dim <= 0) throw new InvalidDataException($"{_what}: output '{_output}' does not declare its width; give \"dim\" in the backbone spec");
        if (spec.Dim > 0 && spec.Dim != dim)
            throw new InvalidDataException($"{_what}: output '{_output}' has width {dim}, the spec says {spec.Dim}");
        return dim;
    }

    /// <summary>The declared output and its declared width (-1: none), its shape checked against the spec (read from the
    /// graph itself: the session sees only the head-layout output appended to it).</summary>
    (string Output, int Dim) CheckOutput(GraphProto graph, BackboneSpec spec, bool tokens)
    {
        string what = _what;
        if (graph.Output.Count == 0) throw new InvalidDataException($"{what}: the model has no outputs");
        string output = spec.Output ?? graph.Output[0].Name;
        var outInfo = graph.Output.FirstOrDefault(o => o.Name == output)
            ?? throw new InvalidDataException($"{what}: no output '{output}' (outputs: {string.Join(", ", graph.Output.Select(o => o.Name))})");
        // A symbolic or missing dim reads -1, as ONNX Runtime's metadata gives it.
        var d = outInfo.Type?.TensorType?.Shape?.Dim.Select(x => x.HasDimValue ? x.DimValue : -1L).ToArray() ?? [];
        // A name-only output (the cut ResNet) has no static shape yet: the spec gives the width, every run checks the shape.
        long declared = d.Length == 0 ? -1 : tokens ? (d.Length == 3 ? d[2] : -1) : (d.Length == 4 ? d[1] : -1);
        if (d.Length != 0) CheckOutputShape(d, tokens, output, declared > 0 ? (int)declared : spec.Dim);
        return (output, (int)declared);
    }

    /// <summary>The host path (benchmarks, feature caches, combinations): the features land in a host buffer of this
    /// backbone's and are copied out.</summary>
    public void Extract(ReadOnlySpan<byte> frames, int count, Span<float> features)
    {
        int values = RequireFeatureLength(count, features.Length);
        if (_hostFeatures == null || _hostFeatures.Capacity < values)
        {
            _hostFeatures?.Dispose();
            _hostFeatures = FeatureBuffer.OnHostMemory(values);
        }
        Extract(frames, count, _hostFeatures);
        _hostFeatures.Host(values).CopyTo(features);
    }

    /// <summary>Writes the features of <paramref name="count"/> frames into the first streams of <paramref name="target"/>
    /// (the head's input): its session's output is bound there, so nothing is copied or allocated per frame.</summary>
    public void Extract(ReadOnlySpan<byte> frames, int count, FeatureBuffer target)
    {
        if (count < 1) throw new ArgumentException($"count must be at least 1, got {count}");
        Bind(count, target);
        _pre.Run(frames, count, _inputBuffer);
        Run(count);
    }

    /// <summary>Runs already preprocessed input [count,3,S,S] (tests feed reference tensors through this).</summary>
    internal void ExtractPreprocessed(float[] input, int count, Span<float> features)
    {
        int values = RequireFeatureLength(count, features.Length);
        using var target = FeatureBuffer.OnHostMemory(values);
        Bind(count, target);
        input.AsSpan(0, count * _pre.InputValues).CopyTo(_inputBuffer);
        Run(count);
        target.Host(values).CopyTo(features);
        Unbind();   // the target is disposed here
    }

    int RequireFeatureLength(int count, int length)
    {
        int patches = Grid * Grid;
        if (length != count * patches * Dim)
            throw new ArgumentException($"features buffer has {length} values, [{count},{patches},{Dim}] needs {count * patches * Dim}");
        return length;
    }

    /// <summary>Binds the input [count,3,S,S] and the output [count,Grid*Grid,Dim] over <paramref name="target"/>; only
    /// when the batch or the target changes (a sweep's last batch), so steady running binds nothing.</summary>
    void Bind(int count, FeatureBuffer target)
    {
        if (count == _boundCount && ReferenceEquals(target, _boundTarget)) return;
        Unbind();
        int need = count * _pre.InputValues;
        if (_inputBuffer.Length < need) _inputBuffer = new float[need];
        _inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _inputBuffer.AsMemory(0, need), [count, 3, _pre.InputSize, _pre.InputSize]);
        _outputValue = target.View([count, Grid * Grid, Dim]);
        _binding.BindInput(_input, _inputValue);
        _binding.BindOutput(PatchFeaturesGraph.Output, _outputValue);
        _boundCount = count; _boundTarget = target;
    }

    void Unbind()
    {
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
        _inputValue?.Dispose(); _outputValue?.Dispose();
        _inputValue = _outputValue = null;
        _boundCount = 0; _boundTarget = null;
    }

    void Run(int count)
    {
        try
        {
            _session.RunWithBinding(_runOptions, _binding);
            _binding.SynchronizeBoundOutputs();
        }
        catch (OnnxRuntimeException e)   // a model whose output does not fit [count, Grid*Grid, Dim] fails in ONNX Runtime
        {
            throw new InvalidDataException($"{_what}: output '{_output}' does not give [{count},{Grid * Grid},{Dim}] patch features ({e.Message.Split('\n')[0]})", e);
        }
    }

    /// <summary>-1 (a symbolic dim) matches anything.</summary>
    void CheckOutputShape(long[] s, bool tokens, string output, int dim)
    {
        int patches = Grid * Grid;
        bool ok = tokens
            ? s.Length == 3 && (s[1] < 0 || s[1] >= patches) && (s[2] < 0 || dim <= 0 || s[2] == dim)
            : s.Length == 4 && (s[1] < 0 || dim <= 0 || s[1] == dim) && (s[2] < 0 || s[2] == Grid) && (s[3] < 0 || s[3] == Grid);
        if (!ok)
        {
            string want = tokens ? $"[B,N>={patches},D] (patch tokens of a {Grid}x{Grid} grid)" : $"[B,D,{Grid},{Grid}] (a feature map)";
            throw new InvalidDataException($"{_what}: output '{output}' has shape {DimsText(s)}, expected {want}");
        }
    }

    static string DimsText(IEnumerable<long> d) => "[" + string.Join(",", d.Select(v => v < 0 ? "?" : v.ToString())) + "]";
    static string DimsText(int[] d) => DimsText(d.Select(v => (long)v));

    public void Dispose()
    {
        Unbind();
        _binding.Dispose();
        _hostFeatures?.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
