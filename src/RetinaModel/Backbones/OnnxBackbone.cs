using Microsoft.ML.OnnxRuntime;
using ViST.RetinaModel.Runtime;

namespace ViST.RetinaModel.Backbones;

/// <summary>
/// Every backbone: an ONNX model with one image input [B,3,S,S] and a declared output, either patch tokens
/// [B, N, D] (the last Grid*Grid are the patches) or a feature map [B, D, Grid, Grid]; see <see cref="BackboneSpec"/>.
/// The output's shape is checked when the model is opened and on every run, with errors that name the file.
/// </summary>
public sealed class OnnxBackbone : IBackbone
{
    readonly InferenceSession _session;
    readonly FramePreprocessor _pre;
    readonly string _input, _output, _what;
    readonly bool _tokens;
    readonly RunOptions _runOptions;
    float[] _inputBuffer = [];

    public string Name { get; }
    public int Dim { get; }
    public int Grid { get; }
    public string Provider { get; }
    public BackboneSpec Spec { get; }

    /// <param name="baseDir">Folder that a relative <see cref="BackboneSpec.Onnx"/> path is relative to (the bundle).</param>
    internal static OnnxBackbone Open(BackboneSpec spec, string? baseDir = null, Device device = Device.Auto)
    {
        if (ResNet18Stage.All.FirstOrDefault(s => s.Preset == spec.Preset) is { } stage)
        {
            var p = spec.Preprocessing with { MeanImage = ResNet18Model.MeanImage(spec.Preprocessing.InputSize) };
            return new OnnxBackbone(ResNet18Model.Cut(stage), $"{ResNet18Model.SourcePath} (cut after {stage.Preset})", spec with { Preprocessing = p }, device);
        }
        if (string.IsNullOrEmpty(spec.Onnx)) throw new InvalidDataException($"backbone '{spec.Preset}': no ONNX file given");
        string path = Path.IsPathRooted(spec.Onnx) || baseDir == null ? spec.Onnx : Path.Combine(baseDir, spec.Onnx);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: backbone ONNX file not found", path);
        if (spec.Preprocessing.MeanImageFrom != null)
            throw new InvalidDataException($"{path}: a mean image is only supported for the {BackboneSpec.ResNetPreset} preset");
        return new OnnxBackbone(File.ReadAllBytes(path), path, spec, device);
    }

    OnnxBackbone(byte[] model, string what, BackboneSpec spec, Device device)
    {
        _what = what;
        if (spec.Layout is not (BackboneSpec.TokensLayout or BackboneSpec.MapLayout))
            throw new InvalidDataException($"{what}: layout '{spec.Layout}' is neither '{BackboneSpec.TokensLayout}' nor '{BackboneSpec.MapLayout}'");
        if (spec.Grid < 1) throw new InvalidDataException($"{what}: grid must be positive, got {spec.Grid}");
        _tokens = spec.Layout == BackboneSpec.TokensLayout;
        _pre = new FramePreprocessor(spec.Preprocessing, what);
        _session = OrtSessions.Create(model, what, device, out var provider);
        Provider = provider;
        Name = spec.Preset; Grid = spec.Grid;
        try { (_input, _output, Dim) = CheckModel(spec); }
        catch { _session.Dispose(); throw; }
        _runOptions = new();   // after the session: ONNX Runtime's first use, where a missing library is reported, is OrtSessions
        Spec = spec with { Dim = Dim };
    }

    /// <summary>The image input, the output and the feature width, checked against the spec.</summary>
    (string Input, string Output, int Dim) CheckModel(BackboneSpec spec)
    {
        string what = _what;
        if (_session.InputMetadata.Count != 1) throw new InvalidDataException($"{what}: expected one image input, the model has {_session.InputMetadata.Count}");
        var (inName, inMeta) = _session.InputMetadata.First();
        var inDims = inMeta.Dimensions;
        if (inDims.Length != 4 || (inDims[1] > 0 && inDims[1] != 3) || (inDims[2] > 0 && inDims[2] != _pre.InputSize) || (inDims[3] > 0 && inDims[3] != _pre.InputSize))
            throw new InvalidDataException($"{what}: input '{inName}' has shape {DimsText(inDims)}, expected [B,3,{_pre.InputSize},{_pre.InputSize}]");

        string output = spec.Output ?? _session.OutputMetadata.Keys.First();
        if (!_session.OutputMetadata.TryGetValue(output, out var outMeta))
            throw new InvalidDataException($"{what}: no output '{output}' (outputs: {string.Join(", ", _session.OutputMetadata.Keys)})");
        var d = outMeta.Dimensions.Select(v => (long)v).ToArray();
        // A name-only output (the cut ResNet) has no static shape yet: the spec gives the width, every run checks the shape.
        long declared = d.Length == 0 ? -1 : _tokens ? (d.Length == 3 ? d[2] : -1) : (d.Length == 4 ? d[1] : -1);
        int dim = declared > 0 ? (int)declared : spec.Dim;
        if (d.Length != 0) CheckOutputShape(d, batch: -1, output, dim);
        if (dim <= 0) throw new InvalidDataException($"{what}: output '{output}' does not declare its width; give \"dim\" in the backbone spec");
        if (spec.Dim > 0 && spec.Dim != dim)
            throw new InvalidDataException($"{what}: output '{output}' has width {dim}, the spec says {spec.Dim}");
        return (inName, output, dim);
    }

    public void Extract(ReadOnlySpan<byte> frames, int count, Span<float> features)
    {
        if (count < 1) throw new ArgumentException($"count must be at least 1, got {count}");
        int need = count * _pre.InputValues;
        if (_inputBuffer.Length != need) _inputBuffer = new float[need];
        _pre.Run(frames, count, _inputBuffer);
        ExtractPreprocessed(_inputBuffer, count, features);
    }

    /// <summary>Runs already preprocessed input [count,3,S,S] (tests feed reference tensors through this).</summary>
    internal void ExtractPreprocessed(float[] input, int count, Span<float> features)
    {
        int patches = Grid * Grid;
        if (features.Length != count * patches * Dim)
            throw new ArgumentException($"features buffer has {features.Length} values, [{count},{patches},{Dim}] needs {count * patches * Dim}");
        using var x = OrtValue.CreateTensorValueFromMemory(input, [count, 3, _pre.InputSize, _pre.InputSize]);
        using var outs = _session.Run(_runOptions, [_input], [x], [_output]);
        var shape = outs[0].GetTensorTypeAndShape().Shape;
        CheckOutputShape(shape, count, _output, Dim);
        var y = outs[0].GetTensorDataAsSpan<float>();
        if (_tokens)
        {
            long n = shape[1];
            for (int b = 0; b < count; b++)      // CLS and register tokens come first: keep the last Grid*Grid
                y.Slice((int)((b * n + (n - patches)) * Dim), patches * Dim).CopyTo(features.Slice(b * patches * Dim));
            return;
        }
        for (int b = 0; b < count; b++)          // [D, G*G] -> [G*G, D]
        {
            var src = y.Slice(b * Dim * patches, Dim * patches);
            var dst = features.Slice(b * patches * Dim, patches * Dim);
            for (int c = 0; c < Dim; c++)
                for (int p = 0; p < patches; p++) dst[p * Dim + c] = src[c * patches + p];
        }
    }

    /// <summary>-1 (or a symbolic dim) matches anything; <paramref name="batch"/> -1 skips the batch check.</summary>
    void CheckOutputShape(long[] s, int batch, string output, int dim)
    {
        int patches = Grid * Grid;
        bool ok = _tokens
            ? s.Length == 3 && (s[1] < 0 || s[1] >= patches) && (s[2] < 0 || dim <= 0 || s[2] == dim)
            : s.Length == 4 && (s[1] < 0 || dim <= 0 || s[1] == dim) && (s[2] < 0 || s[2] == Grid) && (s[3] < 0 || s[3] == Grid);
        ok &= batch < 0 || s[0] == batch;
        if (!ok)
        {
            string want = _tokens ? $"[B,N>={patches},D] (patch tokens of a {Grid}x{Grid} grid)" : $"[B,D,{Grid},{Grid}] (a feature map)";
            throw new InvalidDataException($"{_what}: output '{output}' has shape {DimsText(s)}, expected {want}");
        }
    }

    static string DimsText(IEnumerable<long> d) => "[" + string.Join(",", d.Select(v => v < 0 ? "?" : v.ToString())) + "]";
    static string DimsText(int[] d) => DimsText(d.Select(v => (long)v));

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
