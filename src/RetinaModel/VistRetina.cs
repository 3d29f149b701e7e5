using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Bundles;
using ViST.RetinaModel.Head;
using ViST.RetinaModel.Runtime;

namespace ViST.RetinaModel;

/// <summary>
/// The Vi-ST virtual retina: a backbone (frames -> features on the 16x16 grid) and the streaming head
/// (features -> rates), on ONNX Runtime, for <see cref="Streams"/> independent streams stepped as one batch.
/// The backbone's session writes straight into the head's bound input (<see cref="StreamingHead.FeatureInput"/>: host
/// memory on the CPU, GPU memory on CUDA), so a step copies no features and allocates nothing; all streams' frames go
/// through the backbone as one batch.
/// </summary>
public sealed class VistRetina : IRetina
{
    readonly IBackbone _backbone;
    readonly StreamingHead _head;

    public string Name { get; }
    public IReadOnlyList<CellInfo> Cells { get; }
    public int MaxStreams => _head.MaxBatch;
    public int Streams => _head.Batch;

    public VistRetina(string name, IBackbone backbone, StreamingHead head, IReadOnlyList<CellInfo> cells)
    {
        if (backbone.Dim != head.Config.InputDim || backbone.Grid != head.Config.Grid)
            throw new InvalidDataException($"{name}: backbone '{backbone.Name}' gives {backbone.Grid}x{backbone.Grid}x{backbone.Dim} features, the head expects {head.Config.Grid}x{head.Config.Grid}x{head.Config.InputDim}");
        if (cells.Count != head.Config.Cells)
            throw new InvalidDataException($"{name}: {cells.Count} cells listed, the head has {head.Config.Cells}");
        Name = name; _backbone = backbone; _head = head; Cells = cells;
    }

    /// <summary>Opens a bundle folder. <paramref name="backboneOnnx"/> overrides the backbone ONNX path of a
    /// DINOv2/generic bundle (e.g. the user's own export at another place).</summary>
    public static VistRetina Open(string bundleDir, int streams = 1, Device device = Device.Auto, string? backboneOnnx = null,
        BackbonePrecision precision = BackbonePrecision.Fp32)
    {
        var bundle = ModelBundle.Load(bundleDir);
        var spec = backboneOnnx == null ? bundle.Manifest.Backbone : bundle.Manifest.Backbone with { Onnx = Path.GetFullPath(backboneOnnx) };
        var backbone = Backbone.Open(spec, bundleDir, device, precision);
        try
        {
            var head = new StreamingHead(bundle.StepOnnx, bundle.Head, streams, bundle.RfMasks, Path.Combine(bundleDir, ModelBundle.StepFile), device,
                featuresOnDevice: backbone.WritesDevice);
            return new VistRetina(bundle.Manifest.Name, backbone, head, bundle.Cells);
        }
        catch { backbone.Dispose(); throw; }
    }

    public void Step(ReadOnlySpan<byte> frames, Span<float> rates)
    {
        if (frames.Length != Streams * FrameContract.Pixels)
            throw new ArgumentException($"{Name}: {frames.Length} frame bytes, {Streams} streams of 360x360 need {Streams * FrameContract.Pixels}");
        if (rates.Length != Streams * Cells.Count)
            throw new ArgumentException($"{Name}: rates buffer holds {rates.Length}, {Streams} streams x {Cells.Count} cells need {Streams * Cells.Count}");
        _backbone.Extract(frames, Streams, _head.FeatureInput);
        _head.Step();
        _head.Rates.CopyTo(rates);
    }

    public void Reset() => _head.Reset();

    public void Reset(int streams) => _head.Reset(streams);

    public void Dispose()
    {
        _head.Dispose();
        _backbone.Dispose();
    }
}
