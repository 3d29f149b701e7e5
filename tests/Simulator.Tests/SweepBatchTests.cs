using System.Text.Json.Nodes;
using ViST.InSilico.Sweeps;
using ViST.Renderer;
using ViST.RetinaModel;
using ViST.RetinaModel.Backbones;
using ViST.RetinaModel.Bundles;
using ViST.RetinaModel.Head;
using ViST.RetinaModel.IO;
using ViST.Tests;

namespace ViST.Simulator.Tests;

/// <summary>A sweep's last, partial batch steps only its own runs, and gives the rates the old way gave: the whole
/// batch stepped with mid-grey in the streams it did not need.</summary>
public class SweepBatchTests
{
    /// <summary>6 runs (3 contrasts x 2 repeats) of 0.5 s after 0.2 s of warm-up: batches of 4 leave a partial one of 2.</summary>
    static SweepSpec Sweep() => SweepSpec.Parse(JsonNode.Parse("""
        { "name": "partial",
          "scene": { "seed": 1, "background": 0.5,
                     "layers": [ { "type": "grating", "id": "g", "orientation_deg": 30, "cycles_per_px": 0.01, "temporal_hz": 3, "contrast": 0.5 } ] },
          "grid": { "g.contrast": [0.2, 0.6, 1] }, "repeats": 2,
          "duration_s": 0.5, "warmup_s": 0.2,
          "analyses": [ { "type": "contrast", "parameter": "g.contrast", "measure": "mean" } ] }
        """)!.AsObject(), "partial.json", ".");

    /// <summary>A small Vi-ST (random head on the pixels4 luminance backbone) as a bundle: the real VistRetina path.</summary>
    static string TinyBundle()
    {
        var cfg = new HeadConfig(2, 8, 16, 5, 16, [[1, 3], [1, 3]]);
        string dir = Path.Combine(TestPaths.TempDir(), "tiny.vist");
        var rf = NdArray.Of(Enumerable.Range(0, 5 * 256).Select(i => (float)(i % 5) / 5f).ToArray(), 5, 16, 16);
        var cells = Enumerable.Range(0, 5).Select(i => new CellInfo(i, "unknown", 60 + 60 * i, 180)).ToList();
        ModelBundle.Write(dir, "tiny", HeadWeights.Random(cfg, seed: 5), rf, cells, BackboneSpec.FromPreset(BackboneSpec.Pixels4Preset, null),
            new Dictionary<string, string>(), new Dictionary<string, double>());
        return dir;
    }

    static float[][] Run(SweepSpec spec, IRetina retina)
    {
        string dir = TestPaths.TempDir();
        var manifest = SweepManifest.For(spec, ModelIdentity.BuiltIn(retina.Name), retina.Cells, 0, 1);
        var store = SweepStore.Create(dir, spec, manifest, resume: false);
        new SweepRunner(spec, scene => new FakeSceneSource(scene), retina).Run(store, Enumerable.Range(0, spec.Conditions.Count).ToList());
        return [.. Enumerable.Range(0, spec.Conditions.Count).Select(store.Load)];
    }

    [Fact]
    public void The_last_batch_steps_only_its_runs_and_gives_the_rates_of_a_grey_padded_batch()
    {
        var spec = Sweep();
        string bundle = TinyBundle();
        using var retina = VistRetina.Open(bundle, streams: 4);
        var counting = new StreamCounter(retina);
        var now = Run(spec, counting);
        Assert.Equal([4, 2], counting.BatchSizes);

        using var padded = new GreyPaddedRetina(VistRetina.Open(bundle, streams: 4));
        var before = Run(spec, padded);
        for (int c = 0; c < now.Length; c++)
            AssertRelativeClose(before[c], now[c], 1e-5);
    }

    /// <summary>max |a - b| within <paramref name="rel"/> of max |a| (the batch size may change ONNX Runtime's summation order).</summary>
    static void AssertRelativeClose(float[] expected, float[] actual, double rel)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxY = expected.Max(v => Math.Abs((double)v)), maxDiff = 0;
        for (int i = 0; i < expected.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs((double)expected[i] - actual[i]));
        Assert.True(maxY > 0, "all rates are 0: nothing was compared");
        Assert.True(maxDiff <= rel * maxY, $"max|diff| = {maxDiff:G4}, max|y| = {maxY:G4}");
    }

    /// <summary>Passes everything on and notes the streams of every batch.</summary>
    sealed class StreamCounter(IRetina inner) : IRetina
    {
        public List<int> BatchSizes { get; } = [];
        public string Name => inner.Name;
        public IReadOnlyList<CellInfo> Cells => inner.Cells;
        public int MaxStreams => inner.MaxStreams;
        public int Streams => inner.Streams;
        public void Step(ReadOnlySpan<byte> frames, Span<float> rates) => inner.Step(frames, rates);
        public void Reset() => inner.Reset();
        public void Reset(int streams) { BatchSizes.Add(streams); inner.Reset(streams); }
        public void Dispose() { }
    }

    /// <summary>What sweeps did before a retina could shrink: every batch steps all streams, the unused ones grey.</summary>
    sealed class GreyPaddedRetina(IRetina inner) : IRetina
    {
        readonly byte[] _frames = new byte[inner.MaxStreams * FrameSpec.Pixels];
        readonly float[] _rates = new float[inner.MaxStreams * inner.Cells.Count];
        public string Name => inner.Name;
        public IReadOnlyList<CellInfo> Cells => inner.Cells;
        public int MaxStreams => inner.MaxStreams;
        public int Streams { get; private set; } = inner.MaxStreams;

        public void Step(ReadOnlySpan<byte> frames, Span<float> rates)
        {
            frames.CopyTo(_frames);
            _frames.AsSpan(frames.Length).Fill(128);
            inner.Step(_frames, _rates);
            _rates.AsSpan(0, rates.Length).CopyTo(rates);
        }

        public void Reset() => inner.Reset();
        public void Reset(int streams) { inner.Reset(); Streams = streams; }
        public void Dispose() => inner.Dispose();
    }
}
