using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using ViST.RetinaModel.Runtime;

namespace ViST.RetinaModel.Head;

/// <summary>
/// The streaming Vi-ST head (head_step.onnx): one frame of features in, one frame of rates out, for
/// <see cref="Batch"/> independent streams. Every causal convolution keeps its history in a buffer
/// (<see cref="HistoryBuffer"/>), so a step costs one frame of work. All tensors are preallocated and bound once
/// (IOBinding); a step writes the step counter, runs, and stores each newest frame in its history.
/// </summary>
public sealed class StreamingHead : IDisposable
{
    readonly InferenceSession _session;
    readonly OrtIoBinding _binding;
    readonly RunOptions _runOptions = new();
    readonly List<OrtValue> _values = [];
    readonly float[] _features, _rates, _rf;
    readonly long[] _t = new long[1];
    readonly (HistoryBuffer Layout, float[] Buffer, float[] Push)[] _history;
    readonly string _what;

    public HeadConfig Config { get; }
    public int Batch { get; }
    public string Provider { get; }

    /// <summary>Frames stepped since the start or the last <see cref="Reset"/>.</summary>
    public long Frame => _t[0];

    /// <summary>The input of the next step, [Batch, 256, D]: fill it (e.g. from a backbone), then call <see cref="Step()"/>.</summary>
    public Span<float> Features => _features;

    /// <summary>The output of the last step, [Batch, cells].</summary>
    public ReadOnlySpan<float> Rates => _rates;

    /// <param name="rfMasks">[cells, G, G] (the same for every stream) or [Batch, cells, G, G].</param>
    public StreamingHead(byte[] stepModel, HeadConfig config, int batch, float[] rfMasks, string what, Device device = Device.Auto)
    {
        if (batch < 1) throw new ArgumentException($"batch must be at least 1, got {batch}");
        Config = config; Batch = batch; _what = what;
        int maskLen = config.Cells * config.Patches;
        if (rfMasks.Length != maskLen && rfMasks.Length != batch * maskLen)
            throw new ArgumentException($"{what}: rf masks have {rfMasks.Length} values, expected [{config.Cells},{config.Grid},{config.Grid}] or [{batch},{config.Cells},{config.Grid},{config.Grid}]");
        _rf = new float[batch * maskLen];
        for (int b = 0; b < batch; b++) rfMasks.AsSpan(rfMasks.Length == maskLen ? 0 : b * maskLen, maskLen).CopyTo(_rf.AsSpan(b * maskLen));

        _session = OrtSessions.Create(stepModel, what, device, out var provider);
        Provider = provider;
        HeadModelChecks.RequireInput(_session, StreamingLayout.Features, what, -1, config.Patches, config.InputDim);
        HeadModelChecks.RequireInput(_session, StreamingLayout.Rf, what, -1, config.Cells, config.Grid, config.Grid);
        _binding = _session.CreateIoBinding();

        _features = new float[batch * config.Patches * config.InputDim];
        _rates = new float[batch * config.Cells];
        BindInput(StreamingLayout.Features, _features, [batch, config.Patches, config.InputDim]);
        BindInput(StreamingLayout.Rf, _rf, [batch, config.Cells, config.Grid, config.Grid]);
        _values.Add(OrtValue.CreateTensorValueFromMemory(_t, [1]));
        _binding.BindInput(StreamingLayout.Step, _values[^1]);
        Bind(StreamingLayout.Rates, _rates, [batch, config.Cells], output: true);

        var layouts = StreamingLayout.Buffers(config);
        _history = new (HistoryBuffer, float[], float[])[layouts.Count];
        for (int i = 0; i < layouts.Count; i++)
        {
            var h = layouts[i];
            var shape = h.Shape(batch);
            HeadModelChecks.RequireInput(_session, h.Input, what, [.. shape.Select(d => d == batch ? -1 : d)]);
            var buffer = new float[(long)h.Length * h.FrameElements(batch)];
            var push = new float[h.FrameElements(batch)];
            BindInput(h.Input, buffer, shape);
            Bind(h.PushOutput, push, [batch, h.Channels, h.Size, h.Size], output: true);
            _history[i] = (h, buffer, push);
        }
    }

    public static StreamingHead FromWeights(IReadOnlyDictionary<string, IO.NdArray> weights, int batch, float[] rfMasks, string what, Device device = Device.Auto)
    {
        var cfg = HeadConfig.FromWeights(weights, what);
        return new StreamingHead(HeadGraphs.Step(cfg, weights).ToByteArray(), cfg, batch, rfMasks, what, device);
    }

    /// <summary>Advances every stream by one frame using <see cref="Features"/>; the result is in <see cref="Rates"/>.</summary>
    public void Step()
    {
        FeatureChecks.RequireFinite(_features, Config.Patches * Config.InputDim, $"{_what} (frame {Frame})");
        _session.RunWithBinding(_runOptions, _binding);
        _binding.SynchronizeBoundOutputs();
        long t = _t[0];
        foreach (var (h, buffer, push) in _history)
        {
            if (!h.IsWindow)
            {
                push.AsSpan().CopyTo(buffer.AsSpan((int)(t % h.Length * push.Length), push.Length));
                continue;
            }
            int plane = h.Size * h.Size, span = h.Length * plane;     // per (stream, channel): Length frames, oldest first
            for (int bc = 0; bc < Batch * h.Channels; bc++)
            {
                var w = buffer.AsSpan(bc * span, span);
                w[plane..].CopyTo(w);                                  // overlapping copy is a memmove
                push.AsSpan(bc * plane, plane).CopyTo(w[(span - plane)..]);
            }
        }
        _t[0] = t + 1;
    }

    /// <summary>Copies <paramref name="features"/> [Batch,256,D] in, steps, and copies the rates [Batch,cells] out.</summary>
    public void Step(ReadOnlySpan<float> features, Span<float> rates)
    {
        if (features.Length != _features.Length) throw new ArgumentException($"{_what}: features have {features.Length} values, expected {_features.Length} ([{Batch},{Config.Patches},{Config.InputDim}])");
        if (rates.Length != _rates.Length) throw new ArgumentException($"{_what}: rates buffer has {rates.Length} values, expected {_rates.Length} ([{Batch},{Config.Cells}])");
        features.CopyTo(_features);
        Step();
        _rates.CopyTo(rates);
    }

    /// <summary>Forgets all history: the next frame is treated as the first (zero history before it).</summary>
    public void Reset()
    {
        foreach (var (_, buffer, _) in _history) Array.Clear(buffer);
        _t[0] = 0;
    }

    void BindInput(string name, float[] data, long[] shape) => Bind(name, data, shape, output: false);

    void Bind(string name, float[] data, long[] shape, bool output)
    {
        var v = OrtValue.CreateTensorValueFromMemory(data, shape);
        _values.Add(v);
        if (output) _binding.BindOutput(name, v); else _binding.BindInput(name, v);
    }

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var v in _values) v.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
