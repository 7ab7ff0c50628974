#!/usr/bin/env python3
"""Inputs for llm.c's train_gpt2 in a scratch directory: a GPT-2 small checkpoint with random weights
(gpt2_124M.bin: llm.c's documented header of 256 int32 - magic 20240326, version 3, maxT, V, L, NH, C, Vp - then
the float32 parameters in llm.c's order) and random token files in its data format (header of 256 int32 - magic
20240520, version 1, token count - then uint16 tokens) at the paths train_gpt2 opens. Throughput does not depend
on the values, and this needs neither a download nor PyTorch.

  python3 llmc_inputs.py WORK_DIR
"""
import os
import sys

import numpy as np

MAX_T, V, VP, L, NH, C = 1024, 50257, 50304, 12, 12, 768


def main(work):
    rng = np.random.default_rng(0)
    header = np.zeros(256, dtype=np.int32)
    header[:8] = [20240326, 3, MAX_T, V, L, NH, C, VP]
    sizes = [VP * C, MAX_T * C, L * C, L * C, L * 3 * C * C, L * 3 * C, L * C * C, L * C, L * C, L * C,
             L * 4 * C * C, L * 4 * C, L * C * 4 * C, L * C, C, C]
    with open(os.path.join(work, "gpt2_124M.bin"), "wb") as f:
        f.write(header.tobytes())
        for i, n in enumerate(sizes):
            ones = i in (2, 8, 14)  # ln1w, ln2w, lnfw
            a = np.ones(n, np.float32) if ones else (rng.standard_normal(n, dtype=np.float32) * 0.02)
            f.write(a.astype(np.float32).tobytes())
    d = os.path.join(work, "dev", "data", "tinyshakespeare")
    os.makedirs(d, exist_ok=True)
    for name, n in (("train", 2_000_000), ("val", 100_000)):
        h = np.zeros(256, dtype=np.int32)
        h[:3] = [20240520, 1, n]
        with open(os.path.join(d, f"tiny_shakespeare_{name}.bin"), "wb") as f:
            f.write(h.tobytes())
            f.write(rng.integers(0, V, n, dtype=np.uint16).tobytes())


if __name__ == "__main__":
    main(sys.argv[1])
