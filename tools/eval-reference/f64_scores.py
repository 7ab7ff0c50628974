#!/usr/bin/env python3
"""Float64 log-likelihoods for the first few documents of every task in the harness reference
(lm-eval-tiny-phi2.json): the exact answer the harness's float32 numbers and phi4j's approximate.

Requests are the harness's own [context, continuation] strings from that file, tokenized as lm-evaluation-harness
does (trailing context whitespace moved to the continuation; context + continuation encoded whole; Hugging Face
tokenizer of the tiny checkpoint) and scored with tools/reference/f64_reference.py's float64 forward pass on the
F32 GGUF of the same weights.

usage: f64_scores.py SHARED_DIR HARNESS_REF.json OUT.json [DOCS_PER_TASK]
"""
import json
import sys
from pathlib import Path

import numpy as np
from transformers import AutoTokenizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reference"))
from f64_reference import forward, load_weights, logsumexp  # noqa: E402

shared, ref_path, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
per_task = int(sys.argv[4]) if len(sys.argv) > 4 else 3
tok = AutoTokenizer.from_pretrained(shared / "fixtures/tiny-phi2/hf")
hp, w, _ = load_weights(str(shared / "fixtures/tiny-phi2/gguf/phi2-tiny-random-std0.1-F32.gguf"))


def encode_pair(context, continuation):
    n = len(context) - len(context.rstrip())
    if n > 0:
        continuation = context[-n:] + continuation
        context = context[:-n]
    whole = tok.encode(context + continuation)
    ctx = tok.encode(context)
    return ctx, whole[len(ctx):]


ref = json.loads(ref_path.read_text(encoding="utf-8"))
result = {"model": "tiny-phi2 F32 GGUF, float64 forward pass", "tasks": {}}
for name, task in ref["tasks"].items():
    docs = []
    for s in task["samples"][:per_task]:
        lls = []
        for context, continuation in s["arguments"]:
            ctx, cont = encode_pair(context, continuation)
            ids = ctx + cont
            logits = forward(hp, w, ids[:-1])
            lse = logsumexp(logits)
            lls.append(float(sum(logits[len(ctx) - 1 + i, t] - lse[len(ctx) - 1 + i] for i, t in enumerate(cont))))
        docs.append({"doc_id": s["doc_id"], "loglikelihoods": lls})
    result["tasks"][name] = docs
out.write_text(json.dumps(result, indent=1) + "\n")
print("wrote", out)
