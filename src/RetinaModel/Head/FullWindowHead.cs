using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using ViST.RetinaModel.Runtime;

namespace ViST.RetinaModel.Head;

/// <summary>The full-window Vi-ST head (head.onnx): features [B,T,256,D] + RF masks [B,cells,G,G] -> rates [B,cells,T].
/// Used for offline evaluation, the golden parity tests and as the reference the streaming head must equal.</summary>
public sealed class FullWindowHead : IDisposable
{
    readonly InferenceSession _session;
    readonly string _what;

    public HeadConfig Config { get; }
    public string Provider { get; }

    public FullWindowHead(byte[] model, HeadConfig config, string what, Device device = Device.Auto)
    {
        Config = config; _what = what;
        _session = OrtSessions.Create(model, what, device, out var provider);
        Provider = provider;
        HeadModelChecks.RequireInput(_session, StreamingLayout.FullFeatures, what, -1, -1, config.Patches, config.InputDim);
        HeadModelChecks.RequireInput(_session, StreamingLayout.FullRf, what, -1, config.Cells, config.Grid, config.Grid);
    }

    public static FullWindowHead FromWeights(IReadOnlyDictionary<string, IO.NdArray> weights, string what, Device device = Device.Auto)
    {
        var cfg = HeadConfig.FromWeights(weights, what);
        return new FullWindowHead(HeadGraphs.FullWindow(cfg, weights).ToByteArray(), cfg, what, device);
    }

    /// <summary>Runs <paramref name="batch"/> sequences of <paramref name="frames"/> frames; returns rates [B,cells,T].</summary>
    public float[] Run(float[] features, int batch, int frames, float[] rf)
    {
        long need = (long)batch * frames * Config.Patches * Config.InputDim;
        if (features.LongLength != need)
            throw new ArgumentException($"{_what}: features have {features.LongLength} values, [{batch},{frames},{Config.Patches},{Config.InputDim}] needs {need}");
        if (rf.Length != batch * Config.Cells * Config.Patches)
            throw new ArgumentException($"{_what}: rf masks have {rf.Length} values, [{batch},{Config.Cells},{Config.Grid},{Config.Grid}] needs {batch * Config.Cells * Config.Patches}");
        FeatureChecks.RequireFinite(features, Config.Patches * Config.InputDim, _what);
        using var x = OrtValue.CreateTensorValueFromMemory(features, [batch, frames, Config.Patches, Config.InputDim]);
        using var r = OrtValue.CreateTensorValueFromMemory(rf, [batch, Config.Cells, Config.Grid, Config.Grid]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [StreamingLayout.FullFeatures, StreamingLayout.FullRf], [x, r], [StreamingLayout.FullRates]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
