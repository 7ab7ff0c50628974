#!/usr/bin/env python3
"""Explain llama.cpp's deviation from the float64 reference by emulating its CPU rounding steps.

Runs the float64 forward pass of f64_reference.py with the roundings llama.cpp's CPU backend applies
(ggml-cpu, checked in the sources of llama.cpp release v0.4.0):
  * GELU through a 64K-entry fp16 table: y = fp16(gelu(fp16(x))) for |x| < 10 (ggml-cpu/vec.h GGML_GELU_FP16).
  * Before a matmul with a quantized weight, the activation row is quantized to the weight type's
    "vec_dot_type": Q8_0 (blocks of 32, scale fp16(amax/127)) for Q4_0/Q5_0/Q8_0; Q8_1 (the same plus
    s = fp16(d * sum(q)) used against the Q4_1/Q5_1 block minimum) for Q4_1/Q5_1; Q8_K (blocks of 256,
    float32 scale 1/(-127/max), max the signed value of largest magnitude) for the K-quants.
  * BF16 weights: activations are rounded to bf16. F16/F32 weights: activations stay float32 (observed: the
    F16 and F32 files give bit-identical llama.cpp output here).
  * Attention (F32 KV cache), LayerNorm, softmax, rotary: float32 in llama.cpp, float64 here.
Then compares with the llama.cpp log-probs. It writes nothing: it prints, per file, |dlogprob| of
llama.cpp vs plain f64 and vs this emulation (max over all rows, and the median of the per-row max).
Used to write the tolerance notes in README.md. Rows where the emulation still differs by > 1e-2 are
positions where an activation sat within float32 noise of a rounding boundary of the 8-bit
quantization, so llama.cpp's float32 value and our float64 value were rounded to neighbouring integers.

Usage: llamacpp_emulation.py TOKENS.json OUT_DIR MODEL.gguf...   (OUT_DIR as written by make_quant_refs.sh)
"""
import json
import os
import sys

import numpy as np
import gguf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from f64_reference import layer_norm, rotary, gelu_new, load_weights  # noqa: E402

VEC_DOT = {"Q4_0": "Q8_0", "Q5_0": "Q8_0", "Q8_0": "Q8_0", "Q4_1": "Q8_1", "Q5_1": "Q8_1",
           "Q4_K": "Q8_K", "Q5_K": "Q8_K", "Q6_K": "Q8_K", "BF16": "BF16", "F16": None, "F32": None}


def fp16(x):
    return np.asarray(x, dtype=np.float32).astype(np.float16).astype(np.float64)


def bf16(x):
    u = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    u = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16) << 16  # round to nearest even, as ggml_fp32_to_bf16
    return u.astype(np.uint32).view(np.float32).astype(np.float64)


def q8_blocks(x, block):
    x = np.asarray(x, dtype=np.float32)
    return x.reshape(x.shape[0], -1, block)


def quantize_q8_0(x):
    b = q8_blocks(x, 32)
    amax = np.abs(b).max(axis=-1, keepdims=True)
    d = amax / np.float32(127)
    with np.errstate(divide="ignore"):
        inv = np.where(amax > 0, np.float32(127) / amax, np.float32(0))
    q = np.rint(b * inv)  # SIMD path: round to nearest even
    return (q * fp16(d)).reshape(x.shape), q, d


def quantize_q8_k(x):
    b = q8_blocks(x, 256)
    idx = np.abs(b).argmax(axis=-1)[..., None]
    mx = np.take_along_axis(b, idx, axis=-1)
    with np.errstate(divide="ignore"):
        iscale = np.where(mx != 0, np.float32(-127) / mx, np.float32(0)).astype(np.float32)
    q = np.minimum(np.rint(iscale * b), 127)
    d = np.where(iscale != 0, np.float32(1) / iscale, 0).astype(np.float32)
    return (q * d.astype(np.float64)).reshape(x.shape)


def block_minima(raw_rows, qtype):
    """Q4_1/Q5_1 per-block minimum m (fp16 after the fp16 scale d) as float64 [rows, blocks]."""
    bs = {"Q4_1": 20, "Q5_1": 24}[qtype]
    r = np.ascontiguousarray(raw_rows).view(np.uint8).reshape(raw_rows.shape[0], -1, bs)
    return r[..., 2:4].copy().view(np.float16)[..., 0].astype(np.float64)


class Emulator:
    def __init__(self, path):
        self.hp, self.w, self.types = load_weights(path)
        reader = gguf.GGUFReader(path)
        self.minima = {t.name: block_minima(t.data, t.tensor_type.name) for t in reader.tensors
                       if t.tensor_type.name in ("Q4_1", "Q5_1")}

    def matmul(self, x, name):
        w, qtype = self.w[name], self.types[name]
        kind = VEC_DOT[qtype]
        if kind is None:
            return x @ w.T
        if kind == "BF16":
            return bf16(x) @ w.T
        if kind == "Q8_K":
            return quantize_q8_k(x) @ w.T
        xq, q, d = quantize_q8_0(x)
        out = xq @ w.T
        if kind == "Q8_1":
            # ggml's Q8_1 keeps s = fp16(d_f32 * sum(q)); the weight's block minimum multiplies s, not fp16(d)*sum(q)
            s = fp16(d[..., 0] * q.sum(axis=-1))  # [T, blocks]
            exact = fp16(d[..., 0]) * q.sum(axis=-1)
            out += (s - exact) @ self.minima[name].T
        return out

    def forward(self, ids):
        hp, w = self.hp, self.w
        n, heads = len(ids), hp["heads"]
        hd = hp["hidden"] // heads
        x = w["token_embd.weight"][np.asarray(ids)]
        mask = np.triu(np.full((n, n), -np.inf), k=1)
        for i in range(hp["layers"]):
            p = f"blk.{i}."
            h = layer_norm(x, w[p + "attn_norm.weight"], w[p + "attn_norm.bias"], hp["eps"])

            def proj(name, v):
                return self.matmul(v, p + name + ".weight") + w[p + name + ".bias"]

            q = rotary(proj("attn_q", h).reshape(n, heads, hd), hp["rot"], hp["rope_base"])
            k = rotary(proj("attn_k", h).reshape(n, heads, hd), hp["rot"], hp["rope_base"])
            v = proj("attn_v", h).reshape(n, heads, hd)
            sc = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(hd) + mask
            sc -= sc.max(axis=-1, keepdims=True)
            pr = np.exp(sc)
            pr /= pr.sum(axis=-1, keepdims=True)
            attn = np.einsum("hqk,khd->qhd", pr, v).reshape(n, heads * hd)
            up = proj("ffn_up", h)
            g = np.where(up <= -10, 0.0, np.where(up >= 10, up, fp16(gelu_new(fp16(up)))))
            x = x + proj("attn_output", attn) + proj("ffn_down", g)
        h = layer_norm(x, w["output_norm.weight"], w["output_norm.bias"], hp["eps"])
        return self.matmul(h, "output.weight") + w["output.bias"]


def log_softmax(z):
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def main():
    tokens_file, out_dir, models = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(tokens_file, encoding="utf-8") as f:
        seqs = [s["ids"] for s in json.load(f)["sequences"]]
    print("| file | llama.cpp vs f64: max | median row max | llama.cpp vs emulation: max | median row max "
          "| rows (of S*T) off by > 1e-2 |")
    print("|---|---|---|---|---|---|")
    for path in models:
        stem = os.path.basename(path)[:-5]
        em = Emulator(path)
        emu = log_softmax(np.stack([em.forward(s) for s in seqs]))
        llama = np.fromfile(os.path.join(out_dir, f"llamacpp-{stem}.logprobs.f32"), "<f4").reshape(emu.shape)
        f64 = np.fromfile(os.path.join(out_dir, f"f64-{stem}.logits.f32"), "<f4").reshape(emu.shape)
        d_f64 = np.abs(llama - log_softmax(f64.astype(np.float64))).max(axis=-1)  # per-position max
        d_emu = np.abs(llama - emu).max(axis=-1)
        print(f"| {stem.replace('small-phi2-', '')} | {d_f64.max():.1e} | {np.median(d_f64):.1e} "
              f"| {d_emu.max():.1e} | {np.median(d_emu):.1e} | {int((d_emu > 1e-2).sum())} |")


if __name__ == "__main__":
    main()
