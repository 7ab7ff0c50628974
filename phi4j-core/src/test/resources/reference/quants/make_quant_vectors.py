#!/usr/bin/env python3
"""Generates the bit-exactness vectors for phi4j's tensor codecs (QuantVectorsTest).

For each ggml type, writes <TYPE>.bin (little-endian):
    magic   b"PQV1"
    type    16 bytes, ASCII type name, NUL-padded
    n       int32, number of input floats
    nbytes  int32, size of the quantized data
    input   n float32           (seeded, mixes easy and edge-case blocks)
    blocks  nbytes bytes         llama.cpp's reference quantization of input (quantize_row_*_ref)
    output  n float32           llama.cpp's dequantization of blocks (dequantize_row_*)

Sources of truth:
  * F16: numpy float32 -> float16 (round to nearest even, as ggml's FP32_TO_FP16; only the canonical NaN is used,
    since numpy keeps NaN payloads while ggml maps every NaN to 0x7E00).
  * BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0: the `gguf` package's numpy ports of ggml's reference quantizers
    (gguf.quants.quantize / dequantize, gguf 0.19.0).
  * Q4_K, Q5_K, Q6_K, Q8_K: the gguf package has no quantizer for them, so the script calls an external
    executable given with --ref-quantizer (NOT part of this repository). It must expose llama.cpp's
    ggml-quants.c reference functions as:  REF TYPE quantize   (stdin: float32 LE, stdout: blocks)
                                            REF TYPE dequantize (stdin: blocks, stdout: float32 LE)
    The committed vectors were produced with ggml-quants.c compiled for x86-64 without FMA contraction
    (-ffp-contract=off), which is how llama.cpp's ggml-base is built on x86-64.
    When given, it is also used to cross-check every type that the gguf package covers.

Usage: python3 make_quant_vectors.py --ref-quantizer /path/to/ref [--out DIR]
Requires: numpy, gguf (pip install gguf).
"""
import argparse
import os
import struct
import subprocess
import sys

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import quants

SEED = 20240607
GGUF_QUANTIZED = ["BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0"]
REF_ONLY = ["Q4_K", "Q5_K", "Q6_K", "Q8_K"]
BLOCK = {"F16": 1, "BF16": 1, "Q4_0": 32, "Q4_1": 32, "Q5_0": 32, "Q5_1": 32, "Q8_0": 32,
         "Q4_K": 256, "Q5_K": 256, "Q6_K": 256, "Q8_K": 256}


def pattern(rng, kind, n):
    """One block of n floats of a given kind: ordinary data plus the cases where quantizers branch or round."""
    if kind == 0:
        return rng.standard_normal(n)
    if kind == 1:
        return rng.standard_normal(n) * 0.02          # typical weight magnitudes
    if kind == 2:
        return np.zeros(n)                             # scale 0 paths
    if kind == 3:
        return np.full(n, 0.75)                        # max == min paths
    if kind == 4:
        return np.full(n, -3.5)
    if kind == 5:
        return rng.random(n)                           # all positive (min clamps to 0 in K quants)
    if kind == 6:
        return -rng.random(n)                          # all negative
    if kind == 7:
        v = rng.standard_normal(n) * 0.01
        v[rng.integers(n)] = 50.0                      # one outlier
        return v
    if kind == 8:
        return rng.integers(-16, 17, n) / 2.0          # exact halves: rounding ties
    if kind == 9:
        return rng.standard_normal(n) * 1e-20          # below GROUP_MAX_EPS, fp16 scale underflows
    if kind == 10:
        return rng.standard_normal(n) * 1e4            # large, near the fp16 range for min/scale
    if kind == 11:
        return rng.standard_t(2, n)                    # heavy tails
    raise ValueError(kind)


def make_input(rng, type_name):
    if BLOCK[type_name] == 1:
        v = np.concatenate([pattern(rng, k % 12, 64) for k in range(14)]).astype(np.float32)
        special = np.array([0.0, -0.0, 1.0, -1.0, 65504.0, 65519.0, 65520.0, -65520.0, 1e6, 6.1e-5, 5.96e-8,
                            2.98e-8, 2.9802322e-08, 1e-10, 1.00048828125, 1.00146484375, 0.333333343,
                            np.inf, -np.inf, np.nan, 3.0e38, -1.17549435e-38, 1.0078125, 1.01171875,
                            2.0 ** -14, 2.0 ** -24, 2.0 ** -25, 1.5 * 2.0 ** -25, 0.1, 0.2, 123.456, -7.5e-3],
                           dtype=np.float32)
        v[:len(special)] = special
        if type_name == "BF16":
            nans = np.array([0x7F800001, 0xFF800001, 0x7FBFFFFF, 0x7FFFFFFF, 0x7F80FFFF, 0xFFC00000, 0x7F7FFFFF,
                             0x7F7F8000, 0x3F808000, 0x3F818000, 0x3F807FFF], dtype=np.uint32).view(np.float32)
            v[64:64 + len(nans)] = nans
        return v
    if BLOCK[type_name] == 32:
        return np.concatenate([pattern(rng, k % 12, 32) for k in range(36)]).astype(np.float32)
    blocks = [
        np.concatenate([pattern(rng, 0, 256)]),
        np.concatenate([pattern(rng, k, 32) for k in (1, 2, 3, 4, 5, 6, 7, 8)]),
        np.concatenate([pattern(rng, k, 32) for k in (9, 10, 11, 0, 2, 2, 1, 5)]),
        np.concatenate([pattern(rng, 2, 224), pattern(rng, 1, 32)]),
        pattern(rng, 2, 256),
        pattern(rng, 9, 256),
        pattern(rng, 11, 256),
    ]
    return np.concatenate(blocks).astype(np.float32)


def run_ref(ref, type_name, mode, data):
    out = subprocess.run([ref, type_name, mode], input=data, capture_output=True, check=True)
    return out.stdout


def gguf_quantize(type_name, x):
    if type_name == "F16":
        return x.astype(np.float16).tobytes()
    return quants.quantize(x.reshape(1, -1), T[type_name]).tobytes()


def gguf_dequantize(type_name, blocks):
    raw = np.frombuffer(blocks, dtype=np.uint8)
    if type_name == "F16":
        return raw.view(np.float16).astype(np.float32)
    if type_name == "Q8_K":
        return None
    return quants.dequantize(raw.reshape(1, -1), T[type_name]).astype(np.float32).reshape(-1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref-quantizer", help="executable wrapping llama.cpp's reference quantizers (see docstring)")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    if not args.ref_quantizer:
        sys.exit("--ref-quantizer is required to produce the K-quant vectors")

    for type_name in ["F16"] + GGUF_QUANTIZED + REF_ONLY:
        rng = np.random.default_rng([SEED, BLOCK[type_name], len(type_name), ord(type_name[-1])])
        x = make_input(rng, type_name)
        raw = x.tobytes()
        ref_blocks = run_ref(args.ref_quantizer, type_name, "quantize", raw)
        if type_name in REF_ONLY:
            blocks = ref_blocks
        else:
            blocks = gguf_quantize(type_name, x)
            if blocks != ref_blocks:
                sys.exit(f"{type_name}: gguf package and reference quantizer disagree")
        ref_out = np.frombuffer(run_ref(args.ref_quantizer, type_name, "dequantize", blocks), dtype=np.float32)
        py_out = gguf_dequantize(type_name, blocks)
        if py_out is not None and py_out.view(np.uint32).tolist() != ref_out.view(np.uint32).tolist():
            diff = int(np.sum(py_out.view(np.uint32) != ref_out.view(np.uint32)))
            print(f"{type_name}: gguf dequantize differs from ggml's in {diff} values (NaN bits or rounding); "
                  "using ggml's", file=sys.stderr)
        path = os.path.join(args.out, f"{type_name}.bin")
        with open(path, "wb") as f:
            f.write(b"PQV1")
            f.write(type_name.encode("ascii").ljust(16, b"\0"))
            f.write(struct.pack("<ii", len(x), len(blocks)))
            f.write(raw)
            f.write(blocks)
            f.write(ref_out.astype("<f4").tobytes())
        print(f"{path}: {len(x)} floats, {len(blocks)} bytes")


if __name__ == "__main__":
    main()
