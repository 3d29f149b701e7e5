using Onnx;
using ViST.RetinaModel.IO;
using ViST.RetinaModel.Onnx;
using DT = Onnx.TensorProto.Types.DataType;

namespace ViST.RetinaModel.Head;

/// <summary>
/// Builds the Vi-ST head as ONNX from upstream weights, in two forms that share every layer definition:
/// the full-window graph (features [B,T,256,D] + rf [B,cells,G,G] -> rates [B,cells,T], 5-D [B,C,T,H,W]) and the
/// streaming step graph (one frame, 4-D [B,C,H,W], with the causal convolutions reading their history from
/// ring buffers, see <see cref="RingBuffer"/>). BatchNorm (eval) is folded into the depthwise convolutions.
/// </summary>
public static class HeadGraphs
{
    public static ModelProto FullWindow(HeadConfig c, IReadOnlyDictionary<string, NdArray> w) =>
        new Writer(c, w, streaming: false).Build();

    public static ModelProto Step(HeadConfig c, IReadOnlyDictionary<string, NdArray> w) =>
        new Writer(c, w, streaming: true).Build();

    sealed class Writer(HeadConfig c, IReadOnlyDictionary<string, NdArray> w, bool streaming)
    {
        readonly GraphBuilder g = new(streaming ? "vist_head_step" : "vist_head");
        readonly Dictionary<string, RingBuffer> _rings = StreamingLayout.Rings(c).ToDictionary(r => r.Input);
        string _t = "";

        /// <summary>Kernel dims: spatial only when streaming (time is handled by the ring), else [kt, kh, kw].</summary>
        long[] K(long kt, long kh, long kw) => streaming ? [kh, kw] : [kt, kh, kw];

        public ModelProto Build()
        {
            int G = c.Grid, N = c.Cells;
            string x, rf;
            if (streaming)
            {
                g.Input(StreamingLayout.Features, DT.Float, "B", c.Patches, c.InputDim);
                g.Input(StreamingLayout.Step, DT.Int64, 1);
                g.Input(StreamingLayout.Rf, DT.Float, "B", N, G, G);
                foreach (var r in _rings.Values) g.Input(r.Input, DT.Float, r.Length, "B", r.Channels, r.Size, r.Size);
                _t = StreamingLayout.Step;
                x = StreamingLayout.Features; rf = StreamingLayout.Rf;
            }
            else
            {
                g.Input(StreamingLayout.FullFeatures, DT.Float, "B", "T", c.Patches, c.InputDim);
                g.Input(StreamingLayout.FullRf, DT.Float, "B", N, G, G);
                x = StreamingLayout.FullFeatures; rf = StreamingLayout.FullRf;
            }

            x = InputProjection(x);
            for (int i = 0; i < c.VideoLayers; i++) x = DilatedResidual(x, i);
            x = Pointwise(x, "stage1.conv_out");
            x = AdaLnZero(x, rf);
            for (int b = 0; b < c.Windows.Length; b++) x = MultiscaleBlock(x, b);
            Readout(x);

            if (streaming)
            {
                g.Output(StreamingLayout.Rates, DT.Float, "B", N);
                foreach (var r in _rings.Values) g.Output(r.PushOutput, DT.Float, "B", r.Channels, r.Size, r.Size);
            }
            else g.Output(StreamingLayout.FullRates, DT.Float, "B", N, "T");
            return g.ToModel("ViST.RetinaModel", $"Vi-ST head ({(streaming ? "streaming step" : "full window")}): {c}");
        }

        /// <summary>stage1.conv_1x1 on the patch tokens, then tokens -> channels x grid (row-major patches).</summary>
        string InputProjection(string x)
        {
            int C = c.VideoDim, D = c.InputDim;
            var wT = HeadWeights.Transposed(HeadWeights.F(w, "stage1.conv_1x1.weight"), C, D);
            x = g.Node("MatMul", [x, g.Const("in_w", wT, D, C)]);
            x = g.Node("Add", [x, g.Const("in_b", HeadWeights.F(w, "stage1.conv_1x1.bias"), C)]);
            if (streaming)
            {   // [B,256,C] -> [B,C,256] -> [B,C,G,G]
                x = g.Node("Transpose", [x], null, GraphBuilder.Ints("perm", 0, 2, 1));
                return g.Node("Reshape", [x, g.ConstI64("shape", 0, C, c.Grid, c.Grid)]);
            }
            // [B,T,256,C] -> [B,C,T,256] -> [B,C,T,G,G]
            x = g.Node("Transpose", [x], null, GraphBuilder.Ints("perm", 0, 3, 1, 2));
            return g.Node("Reshape", [x, g.ConstI64("shape", 0, C, 0, c.Grid, c.Grid)]);
        }

        /// <summary>x + conv_1x1(ReLU(BN(depthwise causal 3x3x3 conv, dilation d in time, "same" in space))).</summary>
        string DilatedResidual(string x, int i)
        {
            string p = $"stage1.layers.{i}";
            var (fw, fb) = HeadWeights.FoldBatchNorm(w, p + ".conv_dilated", p + ".norm");
            string h = CausalDepthwise(x, fw, fb, $"ring_stage_{i}", kernel: 3, dilation: c.Dilation(i), spatialPad: 1);
            h = g.Node("Relu", [h]);
            h = Pointwise(h, p + ".conv_1x1");
            return g.Node("Add", [x, h]);
        }

        /// <summary>y = x + gate * net(SiLU(x * (1 + scale) + shift)); shift, scale, gate = modulation(SiLU(sum_cells rf)).
        /// Every channel of the conditioning is the same summed mask, so the 1x1 modulation conv reduces to
        /// the mask times the row sums of its weight.</summary>
        string AdaLnZero(string x, string rf)
        {
            int N = c.Cells;
            var mw = HeadWeights.F(w, "adaln.adaLN_modulation.1.weight");
            var rowSum = new float[3 * N];
            for (int o = 0; o < 3 * N; o++)
            {
                double s = 0;
                for (int i = 0; i < N; i++) s += mw[o * N + i];
                rowSum[o] = (float)s;
            }
            string cond = g.Node("ReduceSum", [rf, g.ConstI64("axes", 1)], null, GraphBuilder.Int("keepdims", 1));
            cond = Silu(cond);                                                        // [B,1,G,G]
            string mod = g.Node("Mul", [cond, g.Const("mod_w", rowSum, 1, 3 * N, 1, 1)]);
            mod = g.Node("Add", [mod, g.Const("mod_b", HeadWeights.F(w, "adaln.adaLN_modulation.1.bias"), 1, 3 * N, 1, 1)]);
            if (!streaming) mod = g.Node("Unsqueeze", [mod, g.ConstI64("axes", 2)]); // broadcast over time
            var parts = g.NodeMulti("Split", [mod], 3, GraphBuilder.Int("axis", 1));
            string shift = parts[0], scale = parts[1], gate = parts[2];
            string h = g.Node("Mul", [x, g.Node("Add", [scale, g.Const("one", [1f], 1)])]);
            h = Silu(g.Node("Add", [h, shift]));
            h = Pointwise(h, "adaln.net.1");
            return g.Node("Add", [x, g.Node("Mul", [gate, h])]);
        }

        /// <summary>Sum over windows of LeakyReLU(causal conv (k,3,3), no spatial padding), then the 1x1 mapping,
        /// plus AvgPool(1,3,3) of a 1x1 conv of the input (the residual path, also 2 px smaller).</summary>
        string MultiscaleBlock(string x, int b)
        {
            string p = $"msb_{b + 1}";
            int N = c.Cells;
            string? sum = null;
            for (int k = 0; k < c.Windows[b].Length; k++)
            {
                int win = c.Windows[b][k];
                string key = $"{p}.embed.{k}.0.conv";
                float[] cw = HeadWeights.F(w, key + ".weight"), cb = HeadWeights.F(w, key + ".bias");
                string h = win == 1
                    ? g.Node("Conv", [x, g.Const("msb_w", cw, [N, N, .. K(1, 3, 3)]), g.Const("msb_b", cb, N)], null,
                        GraphBuilder.Ints("kernel_shape", K(1, 3, 3)))
                    : CausalDepthwise(x, cw, cb, $"ring_msb{b + 1}_{k}", kernel: win, dilation: 1, spatialPad: 0);
                h = g.Node("LeakyRelu", [h], null, GraphBuilder.Float("alpha", 0.1f));
                sum = sum == null ? h : g.Node("Add", [sum, h]);
            }
            string ret = Pointwise(sum!, p + ".mapping");
            string res = Pointwise(x, p + ".conv1x1");
            res = g.Node("AveragePool", [res], null, GraphBuilder.Ints("kernel_shape", K(1, 3, 3)));
            return g.Node("Add", [ret, res]);
        }

        /// <summary>Linear(cells*s*s -> cells) per frame on the features flattened in (channel, row, col) order.</summary>
        void Readout(string x)
        {
            int N = c.Cells, s = c.ReadoutSize, inF = N * s * s;
            string key = $"msb_{c.Windows.Length + 1}";
            var wT = HeadWeights.Transposed(HeadWeights.F(w, key + ".weight"), N, inF);
            string wName = g.Const("readout_w", wT, inF, N), bName = g.Const("readout_b", HeadWeights.F(w, key + ".bias"), N);
            if (streaming)
            {
                x = g.Node("Reshape", [x, g.ConstI64("shape", 0, inF)]);
                x = g.Node("MatMul", [x, wName]);
                g.Node("Add", [x, bName], StreamingLayout.Rates);
                return;
            }
            x = g.Node("Transpose", [x], null, GraphBuilder.Ints("perm", 0, 2, 1, 3, 4));   // [B,T,N,s,s]
            x = g.Node("Reshape", [x, g.ConstI64("shape", 0, 0, inF)]);
            x = g.Node("Add", [g.Node("MatMul", [x, wName]), bName]);                       // [B,T,N]
            g.Node("Transpose", [x], StreamingLayout.FullRates, GraphBuilder.Ints("perm", 0, 2, 1));
        }

        /// <summary>A 1x1(x1) convolution with bias, weights of shape [out, in, 1, 1, 1] upstream.</summary>
        string Pointwise(string x, string key)
        {
            var wt = w[key + ".weight"];
            long o = wt.Shape[0], i = wt.Shape[1];
            return g.Node("Conv", [x, g.Const(key + ".w", wt.ToFloat32(), [o, i, .. K(1, 1, 1)]), g.Const(key + ".b", HeadWeights.F(w, key + ".bias"), o)], null,
                GraphBuilder.Ints("kernel_shape", K(1, 1, 1)));
        }

        /// <summary>A depthwise causal convolution, kernel (kernel, 3, 3), temporal dilation, zero history before t = 0.
        /// Full window: one Conv with asymmetric padding (kernel-1)*dilation frames at the start only.
        /// Streaming: the taps come from the ring buffer and the current frame; the (kernel) frames are stacked as
        /// kernel channels per group, so one grouped 2-D conv does the work.</summary>
        string CausalDepthwise(string x, float[] weight, float[] bias, string ring, int kernel, int dilation, int spatialPad)
        {
            int C = bias.Length;
            string wName = g.Const(ring + "_w", weight, streaming ? [C, kernel, 3, 3] : [C, 1, kernel, 3, 3]);
            string bName = g.Const(ring + "_b", bias, C);
            long sp = spatialPad;
            if (!streaming)
                return g.Node("Conv", [x, wName, bName], null,
                    GraphBuilder.Ints("kernel_shape", kernel, 3, 3), GraphBuilder.Ints("dilations", dilation, 1, 1),
                    GraphBuilder.Int("group", C), GraphBuilder.Ints("pads", (kernel - 1) * dilation, sp, sp, 0, sp, sp));

            var r = _rings[ring];
            g.Node("Identity", [x], r.PushOutput);
            var offsets = Enumerable.Range(1, kernel - 1).Reverse().Select(j => (long)(r.Length - j * dilation)).ToArray();
            string idx = g.Node("Mod", [g.Node("Add", [_t, g.ConstI64(ring + "_offsets", offsets)]), g.ConstI64(ring + "_len", r.Length)]);
            string past = g.Node("Gather", [r.Input, idx], null, GraphBuilder.Int("axis", 0));         // [k-1,B,C,S,S]
            string now = g.Node("Unsqueeze", [x, g.ConstI64("axes", 0)]);                               // [1,B,C,S,S]
            string taps = g.Node("Concat", [past, now], null, GraphBuilder.Int("axis", 0));             // oldest first
            taps = g.Node("Transpose", [taps], null, GraphBuilder.Ints("perm", 1, 2, 0, 3, 4));         // [B,C,k,S,S]
            taps = g.Node("Reshape", [taps, g.ConstI64("shape", 0, (long)C * kernel, r.Size, r.Size)]);
            return g.Node("Conv", [taps, wName, bName], null, GraphBuilder.Ints("kernel_shape", 3, 3),
                GraphBuilder.Int("group", C), GraphBuilder.Ints("pads", sp, sp, sp, sp));
        }

        string Silu(string x) => g.Node("Mul", [x, g.Node("Sigmoid", [x])]);
    }
}
