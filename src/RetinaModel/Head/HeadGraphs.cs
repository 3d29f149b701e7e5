using Onnx;
using ViST.RetinaModel.IO;
using ViST.RetinaModel.Onnx;
using DT = Onnx.TensorProto.Types.DataType;

namespace ViST.RetinaModel.Head;

/// <summary>
/// Builds the Vi-ST head as ONNX from upstream weights, in two forms that share every layer definition:
/// the full-window graph (features [B,T,256,D] + rf [B,cells,G,G] -> rates [B,cells,T], 5-D [B,C,T,H,W]) and the
/// streaming step graph (one frame, 4-D [B,C,H,W], with the causal convolutions reading their history from
/// host-held buffers, see <see cref="HistoryBuffer"/>). BatchNorm (eval) is folded into the depthwise convolutions.
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
        readonly Dictionary<string, HistoryBuffer> _history = StreamingLayout.Buffers(c).ToDictionary(r => r.Input);
        string _t = "";

        /// <summary>Kernel dims: spatial only when streaming (time is handled by the history buffers), else [kt, kh, kw].</summary>
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
                foreach (var r in _history.Values)
                    g.Input(r.Input, DT.Float, r.IsWindow ? ["B", r.Channels, r.Length, r.Size, r.Size] : [r.Length, "B", r.Channels, r.Size, r.Size]);
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
                foreach (var r in _history.Values) g.Output(r.PushOutput, DT.Float, "B", r.Channels, r.Size, r.Size);
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
                    : CausalDepthwise(x, cw, cb, $"window_msb{b + 1}_{k}", kernel: win, dilation: 1, spatialPad: 0);
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
        /// Full window: one Conv with asymmetric padding, (kernel-1)*dilation frames at the start only.
        /// Streaming: the sum of the past taps' convolutions and the current frame's (see <see cref="HistoryBuffer"/>):
        /// a ring gives each past tap by a single-index Gather and a depthwise conv; a window (no spatial padding) is
        /// read as it lies by <see cref="WindowConv"/>. No stack of taps is ever copied together.</summary>
        string CausalDepthwise(string x, float[] weight, float[] bias, string buffer, int kernel, int dilation, int spatialPad)
        {
            int C = bias.Length;
            long sp = spatialPad;
            if (!streaming)
                return g.Node("Conv", [x, g.Const(buffer + "_w", weight, C, 1, kernel, 3, 3), g.Const(buffer + "_b", bias, C)], null,
                    GraphBuilder.Ints("kernel_shape", kernel, 3, 3), GraphBuilder.Ints("dilations", dilation, 1, 1),
                    GraphBuilder.Int("group", C), GraphBuilder.Ints("pads", (kernel - 1) * dilation, sp, sp, 0, sp, sp));

            var r = _history[buffer];
            x = g.Expose(x, r.PushOutput);                 // the newest input frame goes out as is
            string Depthwise(string input, float[] w, string? b) =>
                g.Node("Conv", b == null ? [input, g.Const(buffer + "_w", w, C, 1, 3, 3)] : [input, g.Const(buffer + "_w", w, C, 1, 3, 3), b], null,
                    GraphBuilder.Ints("kernel_shape", 3, 3), GraphBuilder.Int("group", C), GraphBuilder.Ints("pads", sp, sp, sp, sp));

            string y = Depthwise(x, Taps(weight, C, kernel, kernel - 1, 1), g.Const(buffer + "_b", bias, C));   // current frame: last tap
            if (r.IsWindow) return g.Node("Add", [y, WindowConv(r, weight, C, kernel)]);
            for (int j = 1; j < kernel; j++)                                                  // tap t - j*dilation
            {
                string idx = g.Node("Mod", [g.Node("Add", [_t, g.ConstI64(buffer + "_offset", r.Length - j * dilation)]), g.ConstI64(buffer + "_len", r.Length)]);
                idx = g.Node("Squeeze", [idx, g.ConstI64("axes", 0)]);                            // scalar index: Gather drops the time axis
                string past = g.Node("Gather", [r.Input, idx], null, GraphBuilder.Int("axis", 0)); // [B,C,S,S]
                y = g.Node("Add", [y, Depthwise(past, Taps(weight, C, kernel, kernel - 1 - j, 1), null)]);
            }
            return y;
        }

        /// <summary>The past taps of a window buffer [B,C,L,S,S] (no spatial padding): per channel, first the L frames are
        /// mixed into the 9 spatial kernel positions by one batched MatMul ([C,9,L] x [B,C,L,S*S] -> [B,C,9,S*S]), then the
        /// 9 planes are shifted and summed. ONNX Runtime's grouped convolution (L channels per group) is several times
        /// slower for this shape.</summary>
        string WindowConv(HistoryBuffer r, float[] weight, int C, int kernel)
        {
            int L = r.Length, S = r.Size, O = S - 2;
            var mix = new float[C * 9 * L];                     // [c, k, j] = W[c, 0, j, k / 3, k % 3]
            for (int c = 0; c < C; c++)
                for (int j = 0; j < L; j++)
                    for (int k = 0; k < 9; k++) mix[(c * 9 + k) * L + j] = weight[(c * kernel + j) * 9 + k];
            string frames = g.Node("Reshape", [r.Input, g.ConstI64("shape", 0, C, L, (long)S * S)]);
            string u = g.Node("MatMul", [g.Const(r.Input + "_mix", mix, C, 9, L), frames]);
            u = g.Node("Reshape", [u, g.ConstI64("shape", 0, C, 9, S, S)]);
            var parts = new string[9];
            for (int k = 0; k < 9; k++)
            {
                int dy = k / 3, dx = k % 3;
                parts[k] = g.Node("Slice", [u, g.ConstI64("starts", k, dy, dx), g.ConstI64("ends", k + 1, dy + O, dx + O), g.ConstI64("axes", 2, 3, 4)]);
            }
            string sum = g.Node("Sum", parts);                                                   // [B,C,1,O,O]
            return g.Node("Reshape", [sum, g.ConstI64("shape", 0, C, O, O)]);
        }

        /// <summary>Taps [first, first+count) of every channel of a [C,1,kernel,3,3] weight, as [C,count,3,3].</summary>
        static float[] Taps(float[] w, int channels, int kernel, int first, int count)
        {
            var t = new float[channels * count * 9];
            for (int c = 0; c < channels; c++)
                Array.Copy(w, (c * kernel + first) * 9, t, c * count * 9, count * 9);
            return t;
        }

        string Silu(string x) => g.Node("Mul", [x, g.Node("Sigmoid", [x])]);
    }
}
