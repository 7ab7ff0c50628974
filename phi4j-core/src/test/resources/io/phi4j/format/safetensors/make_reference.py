"""Generates the reference safetensors files used by SafetensorsPythonCompatibilityTest.

Run from this directory: python3 make_reference.py  (needs torch and safetensors; made with torch 2.13,
safetensors 0.8.0). The Java tests never run Python; they compare against the committed outputs.

reference-mixed.safetensors: tensors of three dtypes whose values are exact in every dtype, with names that
exercise the writer's ordering (dtype alignment descending, then name by bytes), a scalar and an empty tensor.
Values: element i (row-major) of a tensor is start + i * step.

reference-rounding.safetensors: "x.f32" holds awkward float32 values (seeded normal samples at several scales,
infinities, NaN, subnormals, halfway cases); "x.f16" and "x.bf16" are torch's conversions of them, so the
Java writer's rounding can be checked bit for bit.
"""
import torch
from safetensors.torch import save_file


def ramp(shape, start, step, dtype):
    n = 1
    for d in shape:
        n *= d
    return (start + torch.arange(n, dtype=torch.float64) * step).reshape(shape).to(dtype)


# Keep in sync with SafetensorsPythonCompatibilityTest.MIXED.
mixed = {
    "weight": ramp([3, 4], -1.0, 0.25, torch.float32),
    "bias": ramp([4], 0.5, 1.0, torch.float32),
    "alpha.half": ramp([2, 3], -2.0, 0.5, torch.float16),
    "beta.bf": ramp([5], -2.0, 1.0, torch.bfloat16),
    "Zeta": ramp([], 42.0, 0.0, torch.float32),
    "empty": ramp([0, 3], 0.0, 0.0, torch.float16),
    "a.10": ramp([2], 7.0, 1.0, torch.float32),
    "a.9": ramp([2], 9.0, 1.0, torch.float32),
    "model.layers.0.mlp.fc1.weight": ramp([2, 2], 1.0, 0.125, torch.bfloat16),
}
save_file(mixed, "reference-mixed.safetensors", metadata={"format": "pt"})

g = torch.Generator().manual_seed(20240229)
parts = [torch.randn(256, generator=g) * s for s in (1e-6, 1e-3, 1.0, 100.0, 3e4, 1e38)]
special = torch.tensor([0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e-40, -1e-45, 65504.0, 65519.0,
                        65520.0, 1e5, 6e-8, 3e-8, 1.0 + 2.0 ** -8, 1.0 + 3 * 2.0 ** -8, 1.0 + 2.0 ** -11,
                        1.0 + 3 * 2.0 ** -11, 3.4028234e38, -3.4028234e38], dtype=torch.float32)
x = torch.cat(parts + [special]).to(torch.float32)
save_file({"x.f32": x, "x.f16": x.to(torch.float16), "x.bf16": x.to(torch.bfloat16)},
          "reference-rounding.safetensors", metadata={"format": "pt"})
