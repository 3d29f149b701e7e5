namespace ViST.RetinaModel.Backbones;

/// <summary>The number format an ONNX backbone computes in. Fp16 runs a float16 copy of the graph
/// (<see cref="Onnx.Float16Graph"/>): meant for GPUs; its error against Fp32 is measured in
/// docs/benchmarks/backbone-fp16.md. Backbones without a network (luminance) ignore it.</summary>
public enum BackbonePrecision { Fp32, Fp16 }
