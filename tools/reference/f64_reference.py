#!/usr/bin/env python3
"""Independent float64 forward pass of a Phi-2-architecture GGUF model (Hugging Face PhiForCausalLM math).

For each GGUF file given, every weight is dequantized with the `gguf` package (the same block formulas as
ggml's dequantize_row_*), converted to float64, and the model is run in float64 on the token sequences of
tokens.json. The result is the exact answer for *those* dequantized weights: what an engine that computes
in high precision would output. llama.cpp differs from it mainly because it quantizes activations to
Q8_0 / Q8_K (or rounds them to F16 / BF16) before quantized matmuls.

Math (transformers' modeling_phi.py, parallel attention + MLP block):
  x = embed[ids]
  per layer: h = LayerNorm(x); x = x + attn(h) + mlp(h)
  attn: q, k, v = h W^T + b; NeoX rotary on the first rot dims of each head (dim i pairs with i + rot/2,
        theta_i = pos * 10000^(-2i/rot)); softmax(q k^T / sqrt(head_dim) + causal mask) v; dense W^T + b
  mlp: gelu_new (tanh form) of fc1, then fc2
  logits = LayerNorm_final(x) W_out^T + b_out

Usage:
  f64_reference.py TOKENS.json OUT_DIR MODEL.gguf...    writes OUT_DIR/f64-<stem>.logits.f32
      (raw little-endian float32 [S, T, V]) and OUT_DIR/f64-<stem>.json (argmax, next-token log-prob,
      logsumexp per position)
  f64_reference.py --check-dequant LIBGGML_BASE_SO MODEL.gguf...
      compares gguf-py's dequantization of every tensor with ggml's own dequantize_row_* (ctypes) bit for bit
"""
import argparse
import ctypes
import hashlib
import json
import os
import sys

import numpy as np
import gguf


def load_weights(path, digests=None):
    """Return (hparams dict, {tensor name: float64 array in numpy [out, in] order}, {name: type name}).

    If `digests` is a dict, it receives per tensor the type, numpy shape and a digest of the dequantized float32
    values (sha256 of their little-endian bytes in row-major order, plus their float64 sum and first 8 values),
    so an engine can check its dequantization bit for bit without running the model."""
    reader = gguf.GGUFReader(path)
    arch = reader.fields["general.architecture"].contents()
    if arch != "phi2":
        sys.exit(f"{path}: architecture {arch}, expected phi2")

    def kv(key):
        return reader.fields[f"phi2.{key}"].contents()

    hp = {
        "hidden": kv("embedding_length"),
        "layers": kv("block_count"),
        "heads": kv("attention.head_count"),
        "rot": kv("rope.dimension_count"),
        "eps": kv("attention.layer_norm_epsilon"),
        "rope_base": reader.fields["phi2.rope.freq_base"].contents() if "phi2.rope.freq_base" in reader.fields
        else 10000.0,
    }
    weights, types = {}, {}
    for t in reader.tensors:
        w = gguf.quants.dequantize(t.data, t.tensor_type)
        shape = tuple(int(d) for d in reversed(t.shape))  # ggml ne order -> numpy order
        f32 = np.ascontiguousarray(np.asarray(w, dtype="<f4").reshape(shape))
        weights[t.name] = f32.astype(np.float64)
        types[t.name] = t.tensor_type.name
        if digests is not None:
            digests[t.name] = {"type": t.tensor_type.name, "shape": list(shape),
                               "dequantF32Sha256": hashlib.sha256(f32.tobytes()).hexdigest(),
                               "sumF64": float(f32.astype(np.float64).sum()),
                               "first8": [float(v) for v in f32.reshape(-1)[:8]]}
    return hp, weights, types


def layer_norm(x, w, b, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def gelu_new(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def rotary(x, rot, base):
    """NeoX-style rotary on the first `rot` dims of x [T, heads, head_dim], positions 0..T-1."""
    t = x.shape[0]
    half = rot // 2
    inv_freq = 1.0 / (base ** (np.arange(0, rot, 2, dtype=np.float64) / rot))
    ang = np.arange(t, dtype=np.float64)[:, None] * inv_freq[None, :]  # [T, half]
    cos, sin = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
    x1, x2 = x[..., :half], x[..., half:rot]
    out = x.copy()
    out[..., :half] = x1 * cos - x2 * sin
    out[..., half:rot] = x2 * cos + x1 * sin
    return out


def forward(hp, w, ids):
    ids = np.asarray(ids)
    n, heads = len(ids), hp["heads"]
    head_dim = hp["hidden"] // heads
    x = w["token_embd.weight"][ids]
    mask = np.triu(np.full((n, n), -np.inf), k=1)
    for i in range(hp["layers"]):
        p = f"blk.{i}."
        h = layer_norm(x, w[p + "attn_norm.weight"], w[p + "attn_norm.bias"], hp["eps"])

        def proj(name, v):
            return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q = rotary(proj("attn_q", h).reshape(n, heads, head_dim), hp["rot"], hp["rope_base"])
        k = rotary(proj("attn_k", h).reshape(n, heads, head_dim), hp["rot"], hp["rope_base"])
        v = proj("attn_v", h).reshape(n, heads, head_dim)
        scores = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(head_dim) + mask
        scores -= scores.max(axis=-1, keepdims=True)
        prob = np.exp(scores)
        prob /= prob.sum(axis=-1, keepdims=True)
        attn = np.einsum("hqk,khd->qhd", prob, v).reshape(n, heads * head_dim)
        x = x + proj("attn_output", attn) + proj("ffn_down", gelu_new(proj("ffn_up", h)))
    h = layer_norm(x, w["output_norm.weight"], w["output_norm.bias"], hp["eps"])
    return h @ w["output.weight"].T + w["output.bias"]


def logsumexp(z):
    m = z.max(axis=-1, keepdims=True)
    return (m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))[..., 0]


def run(tokens_file, out_dir, models):
    with open(tokens_file, encoding="utf-8") as f:
        sequences = json.load(f)["sequences"]
    lengths = {len(s["ids"]) for s in sequences}
    if len(lengths) != 1:
        sys.exit("all sequences must have the same length")
    os.makedirs(out_dir, exist_ok=True)
    for path in models:
        stem = os.path.basename(path)[:-len(".gguf")]
        digests = {}
        hp, w, types = load_weights(path, digests)
        logits = np.stack([forward(hp, w, s["ids"]) for s in sequences])  # [S, T, V] float64
        lse = logsumexp(logits)
        per_seq = []
        for s, seq in enumerate(sequences):
            ids = seq["ids"]
            lp = logits[s] - lse[s][:, None]
            per_seq.append({
                "name": seq["name"],
                "argmax": [int(a) for a in logits[s].argmax(axis=-1)],
                "nextTokenLogprob": [float(lp[t, ids[t + 1]]) for t in range(len(ids) - 1)],
                "logsumexp": [float(v) for v in lse[s]],
            })
        out = os.path.join(out_dir, f"f64-{stem}.logits.f32")
        logits.astype("<f4").tofile(out)
        meta = {
            "model": os.path.basename(path),
            "kind": "float64 reference logits (stored rounded to float32)",
            "file": os.path.basename(out),
            "dtype": "float32-le",
            "shape": list(logits.shape),
            "tensors": dict(sorted(digests.items())),
            "sequences": per_seq,
        }
        with open(os.path.join(out_dir, f"f64-{stem}.json"), "w", encoding="utf-8") as f:
            json.dump(meta, f, indent=1)
            f.write("\n")
        print(f"{stem}: f64 reference {list(logits.shape)}")


def check_dequant(lib_path, models):
    """Compare gguf-py dequantization with ggml's own row dequantizers, bit for bit."""
    lib = ctypes.CDLL(lib_path)
    special = {"F16": "ggml_fp16_to_fp32_row", "BF16": "ggml_bf16_to_fp32_row"}
    failures = 0
    for path in models:
        reader = gguf.GGUFReader(path)
        for t in reader.tensors:
            name = t.tensor_type.name
            if name == "F32":
                continue
            fn = getattr(lib, special.get(name, "dequantize_row_" + name.lower().replace("_k", "_K")))
            fn.restype = None
            fn.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]
            raw = np.ascontiguousarray(t.data).view(np.uint8)
            n = int(np.prod([int(d) for d in t.shape]))
            ours = np.asarray(gguf.quants.dequantize(t.data, t.tensor_type), dtype=np.float32).reshape(-1)
            theirs = np.empty(n, dtype=np.float32)
            fn(raw.ctypes.data, theirs.ctypes.data, n)
            if not np.array_equal(ours.view(np.uint32), theirs.view(np.uint32)):
                failures += 1
                print(f"{os.path.basename(path)}: {t.name} ({name}): gguf-py and ggml differ, "
                      f"max |d| {np.abs(ours - theirs).max()}")
        print(f"{os.path.basename(path)}: dequantization checked against ggml")
    if failures:
        sys.exit(f"{failures} tensors differ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check-dequant", metavar="LIBGGML_BASE_SO")
    ap.add_argument("args", nargs="+")
    a = ap.parse_args()
    if a.check_dequant:
        check_dequant(a.check_dequant, a.args)
    else:
        if len(a.args) < 3:
            ap.error("need TOKENS.json OUT_DIR MODEL.gguf...")
        run(a.args[0], a.args[1], a.args[2:])


if __name__ == "__main__":
    main()
