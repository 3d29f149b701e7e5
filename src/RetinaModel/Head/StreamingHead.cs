using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using ViST.RetinaModel.Runtime;

namespace ViST.RetinaModel.Head;

/// <summary>
/// The streaming Vi-ST head (head_step.onnx): one frame of features in, one frame of rates out, for
/// <see cref="Batch"/> independent streams. Every causal convolution keeps its history in a buffer
/// (<see cref="HistoryBuffer"/>), so a step costs one frame of work. All tensors are preallocated for
/// <see cref="MaxBatch"/> streams and bound (IOBinding) over the first <see cref="Batch"/> streams' part of them,
/// so a step allocates nothing: it writes the step counter, runs, and stores each newest frame in its history.
/// <see cref="Reset(int)"/> may step fewer streams from then on (a sweep's last, partial batch). The features input is a
/// <see cref="FeatureBuffer"/> that an ONNX backbone binds as its output (<see cref="FeatureInput"/>): host memory on
/// the CPU, GPU memory on CUDA when the backbone can write it there.
/// </summary>
public sealed class StreamingHead : IDisposable
{
    readonly InferenceSession _session;
    readonly OrtIoBinding _binding;
    readonly RunOptions _runOptions;
    readonly List<OrtValue> _bound = [];
    readonly FeatureBuffer _features;
    readonly float[] _rates, _rf;
    readonly long[] _t = new long[1];
    readonly (HistoryBuffer Layout, float[] Buffer, float[] Push)[] _history;
    readonly string _what;

    public HeadConfig Config { get; }
    /// <summary>The streams the head was made for: the most one step can advance.</summary>
    public int MaxBatch { get; }
    /// <summary>The streams each step advances now (<see cref="MaxBatch"/> unless <see cref="Reset(int)"/> chose fewer).</summary>
    public int Batch { get; private set; }
    public string Provider { get; }

    /// <summary>Frames stepped since the start or the last <see cref="Reset()"/>.</summary>
    public long Frame => _t[0];

    /// <summary>The input of the next step, [Batch, 256, D]: fill it (e.g. from a backbone), then call <see cref="Step()"/>.
    /// Host memory only: with features on the GPU a backbone writes <see cref="FeatureInput"/> instead.</summary>
    public Span<float> Features => _features.Host(Batch * Config.Patches * Config.InputDim);

    /// <summary>The memory the features input is bound to, [MaxBatch, 256, D]; a backbone writes its first Batch streams.</summary>
    public FeatureBuffer FeatureInput => _features;

    /// <summary>The output of the last step, [Batch, cells].</summary>
    public ReadOnlySpan<float> Rates => _rates.AsSpan(0, Batch * Config.Cells);

    /// <param name="rfMasks">[cells, G, G] (the same for every stream) or [batch, cells, G, G].</param>
    /// <param name="featuresOnDevice">Keep the features in GPU memory when this head runs on CUDA: only for a backbone
    /// that writes them there (<see cref="Backbones.IBackbone.WritesDevice"/>); otherwise they stay on the host.</param>
    public StreamingHead(byte[] stepModel, HeadConfig config, int batch, float[] rfMasks, string what, Device device = Device.Auto, bool featuresOnDevice = false)
    {
        if (batch < 1) throw new ArgumentException($"batch must be at least 1, got {batch}");
        Config = config; MaxBatch = batch; _what = what;
        int maskLen = config.Cells * config.Patches;
        if (rfMasks.Length != maskLen && rfMasks.Length != batch * maskLen)
            throw new ArgumentException($"{what}: rf masks have {rfMasks.Length} values, expected [{config.Cells},{config.Grid},{config.Grid}] or [{batch},{config.Cells},{config.Grid},{config.Grid}]");
        _rf = new float[batch * maskLen];
        for (int b = 0; b < batch; b++) rfMasks.AsSpan(rfMasks.Length == maskLen ? 0 : b * maskLen, maskLen).CopyTo(_rf.AsSpan(b * maskLen));

        _session = OrtSessions.Create(stepModel, what, device, out var provider);
        Provider = provider;
        HeadModelChecks.RequireInput(_session, StreamingLayout.Features, what, -1, config.Patches, config.InputDim);
        HeadModelChecks.RequireInput(_session, StreamingLayout.Rf, what, -1, config.Cells, config.Grid, config.Grid);
        _runOptions = OrtSessions.NewRunOptions();
        _binding = _session.CreateIoBinding();

        long featureValues = (long)batch * config.Patches * config.InputDim;
        _features = featuresOnDevice && provider == "CUDA" ? FeatureBuffer.OnCuda(_session, featureValues) : FeatureBuffer.OnHostMemory(featureValues);
        _rates = new float[batch * config.Cells];
        var layouts = StreamingLayout.Buffers(config);
        _history = new (HistoryBuffer, float[], float[])[layouts.Count];
        for (int i = 0; i < layouts.Count; i++)
        {
            var h = layouts[i];
            HeadModelChecks.RequireInput(_session, h.Input, what, [.. h.Shape(batch).Select(d => d == batch ? -1 : d)]);
            _history[i] = (h, new float[(long)h.Length * h.FrameElements(batch)], new float[h.FrameElements(batch)]);
        }
        BindFor(batch);
    }

    public static StreamingHead FromWeights(IReadOnlyDictionary<string, IO.NdArray> weights, int batch, float[] rfMasks, string what, Device device = Device.Auto)
    {
        var cfg = HeadConfig.FromWeights(weights, what);
        return new StreamingHead(HeadGraphs.Step(cfg, weights).ToByteArray(), cfg, batch, rfMasks, what, device);
    }

    /// <summary>Advances every stream by one frame using <see cref="Features"/>; the result is in <see cref="Rates"/>.</summary>
    public void Step()
    {
        // Checked before the step, so a bad frame leaves the history clean; features on the GPU are checked through
        // the rates after it (a non-finite feature reaches its stream's rates), which is all the host can see there.
        if (_features.OnHost) FeatureChecks.RequireFinite(Features, Config.Patches * Config.InputDim, _what, Frame);
        _session.RunWithBinding(_runOptions, _binding);
        _binding.SynchronizeBoundOutputs();
        FeatureChecks.RequireFiniteRates(Rates, Config.Cells, _what, Frame);
        long t = _t[0];
        foreach (var (h, buffer, pushAll) in _history)
        {
            var push = pushAll.AsSpan(0, h.FrameElements(Batch));
            if (!h.IsWindow)
            {
                push.CopyTo(buffer.AsSpan((int)(t % h.Length * push.Length), push.Length));
                continue;
            }
            int plane = h.Size * h.Size, span = h.Length * plane;     // per (stream, channel): Length frames, oldest first
            for (int bc = 0; bc < Batch * h.Channels; bc++)
            {
                var w = buffer.AsSpan(bc * span, span);
                w[plane..].CopyTo(w);                                  // overlapping copy is a memmove
                push.Slice(bc * plane, plane).CopyTo(w[(span - plane)..]);
            }
        }
        _t[0] = t + 1;
    }

    /// <summary>Copies <paramref name="features"/> [Batch,256,D] in, steps, and copies the rates [Batch,cells] out.</summary>
    public void Step(ReadOnlySpan<float> features, Span<float> rates)
    {
        if (features.Length != Features.Length) throw new ArgumentException($"{_what}: features have {features.Length} values, expected {Features.Length} ([{Batch},{Config.Patches},{Config.InputDim}])");
        if (rates.Length != Rates.Length) throw new ArgumentException($"{_what}: rates buffer has {rates.Length} values, expected {Rates.Length} ([{Batch},{Config.Cells}])");
        features.CopyTo(Features);
        Step();
        Rates.CopyTo(rates);
    }

    /// <summary>Forgets all history: the next frame is treated as the first (zero history before it).</summary>
    public void Reset() => Reset(Batch);

    /// <summary>Forgets all history and from now on steps the first <paramref name="batch"/> streams (1 to
    /// <see cref="MaxBatch"/>), each with its own RF masks as given at construction.</summary>
    public void Reset(int batch)
    {
        if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), $"{_what}: {batch} streams asked, the head was made for 1 to {MaxBatch}");
        foreach (var (_, buffer, _) in _history) Array.Clear(buffer);
        _t[0] = 0;
        if (batch != Batch) BindFor(batch);
    }

    /// <summary>Binds every input and output over the first <paramref name="batch"/> streams' part of its buffer. The
    /// buffers are batch-major except the ring histories, which are time-major [Length, B, ...]: a prefix of a zeroed
    /// ring read as [Length, batch, ...] is the zero history of <paramref name="batch"/> streams, which is why the
    /// batch only changes in <see cref="Reset(int)"/>.</summary>
    void BindFor(int batch)
    {
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
        foreach (var v in _bound) v.Dispose();
        _bound.Clear();
        var c = Config;
        var features = _features.View([batch, c.Patches, c.InputDim]);
        _bound.Add(features);
        _binding.BindInput(StreamingLayout.Features, features);
        Bind(StreamingLayout.Rf, _rf, [batch, c.Cells, c.Grid, c.Grid], output: false);
        Bind(StreamingLayout.Step, _t, [1], output: false);
        Bind(StreamingLayout.Rates, _rates, [batch, c.Cells], output: true);
        foreach (var (h, buffer, push) in _history)
        {
            Bind(h.Input, buffer, h.Shape(batch), output: false);
            Bind(h.PushOutput, push, [batch, h.Channels, h.Size, h.Size], output: true);
        }
        Batch = batch;
    }

    void Bind<T>(string name, T[] data, long[] shape, bool output) where T : unmanaged
    {
        long count = shape.Aggregate(1L, (a, d) => a * d);
        var v = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data.AsMemory(0, (int)count), shape);
        _bound.Add(v);
        if (output) _binding.BindOutput(name, v); else _binding.BindInput(name, v);
    }

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var v in _bound) v.Dispose();
        _features.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
