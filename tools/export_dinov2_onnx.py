#!/usr/bin/env python3
"""Export a DINOv2 ViT/14 backbone to ONNX once, for `vist` (preset `dinov2`).

The simulator runs backbones with ONNX Runtime only; this script is the one place PyTorch is needed.
Run it on any machine with PyTorch and internet access (torch.hub downloads the weights), then copy the
.onnx file next to your model bundle or pass it with --backbone-onnx / --onnx.

    pip install torch onnx            # torch >= 2.1
    python tools/export_dinov2_onnx.py --model dinov2_vitl14 --out dinov2_vitl14.onnx
    python tools/export_dinov2_onnx.py --model dinov2_vits14_reg --out dinov2_vits14_reg.onnx

What the exported graph computes (the contract the C# adapter relies on, see BackboneSpec.Dinov2):
  input  `pixel_values`       float32 [B, 3, 224, 224], already normalised: grey frame resized to 224x224,
                              copied to 3 channels, /255, ImageNet mean (0.485, 0.456, 0.406) and
                              std (0.229, 0.224, 0.225). The C# side does this preprocessing.
  output `last_hidden_state`  float32 [B, 1 + R + 256, D]: the CLS token, R register tokens (0 for the plain
                              models, 4 for the *_reg models), then the 16x16 patch tokens in row-major order,
                              after the final LayerNorm (x_norm of forward_features). The adapter keeps the
                              last 256 tokens, so CLS and registers are dropped whatever R is.
D is 384 (ViT-S), 768 (ViT-B), 1024 (ViT-L, the paper's) or 1536 (ViT-g).
"""
import argparse

import torch


class PatchTokens(torch.nn.Module):
    """forward_features of the DINOv2 hub model as one tensor: [CLS, registers..., patches...] normalised."""

    def __init__(self, backbone):
        super().__init__()
        self.backbone = backbone

    def forward(self, pixel_values):
        f = self.backbone.forward_features(pixel_values)
        cls = f["x_norm_clstoken"].unsqueeze(1)
        regs = f.get("x_norm_regtokens")
        parts = [cls] + ([regs] if regs is not None and regs.shape[1] > 0 else []) + [f["x_norm_patchtokens"]]
        return torch.cat(parts, dim=1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="dinov2_vitl14",
                   help="torch.hub name in facebookresearch/dinov2 (dinov2_vits14, dinov2_vitb14, dinov2_vitl14, "
                        "dinov2_vitg14, or the *_reg variants)")
    p.add_argument("--out", required=True, help="output .onnx path")
    p.add_argument("--opset", type=int, default=17)
    args = p.parse_args()

    backbone = torch.hub.load("facebookresearch/dinov2", args.model).eval()
    model = PatchTokens(backbone).eval()
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        y = model(x)
    assert y.shape[1] >= 257 and (y.shape[1] - 256) in (1, 5), f"unexpected token count {tuple(y.shape)}"
    torch.onnx.export(model, (x,), args.out, input_names=["pixel_values"], output_names=["last_hidden_state"],
                      dynamic_axes={"pixel_values": {0: "B"}, "last_hidden_state": {0: "B"}},
                      opset_version=args.opset, do_constant_folding=True, dynamo=False)
    print(f"wrote {args.out}: [B,3,224,224] -> [B,{y.shape[1]},{y.shape[2]}] "
          f"(CLS + {y.shape[1] - 257} registers + 256 patches)")


if __name__ == "__main__":
    main()
