#!/usr/bin/env python3
"""Write tokens.json: the three 48-token sequences every reference output is computed on.

  bos_code: <|endoftext|> (511, bos) followed by the first 47 tokens of a small Python function
  random:   48 ids drawn uniformly from 0..511 (numpy default_rng(SEED))
  text:     the first 48 tokens of an English sentence (Dickens, public domain)
Each text-based entry also keeps the text and its complete tokenization (textIds), usable as tokenizer vectors.

Texts are tokenized by llama.cpp itself (node-llama-cpp, add_special=false, parse_special=false) on the
small model's truncated vocabulary, and cross-checked with Hugging Face `tokenizers` (a byte-level BPE built
from the same 511 tokens and 255 merges) when that package is installed.

Usage: NLC_DIR=dir make_tokens.py MODEL.gguf OUT_TOKENS.json
"""
import json
import re
import os
import subprocess
import sys
import tempfile

import numpy as np

SEED = 4242
LENGTH = 48
BOS = 511
CODE = '''def fibonacci(n):
    """Return the n-th Fibonacci number."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
'''
TEXT = ("It was the best of times, it was the worst of times, it was the age of wisdom, "
        "it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity.")
HERE = os.path.dirname(os.path.abspath(__file__))


def dumps_compact(obj):
    """json.dumps with indent, but lists of plain numbers kept on one line (readable diffs, small files)."""
    text = json.dumps(obj, indent=1, ensure_ascii=False)
    return re.sub(r'\[\n\s*([^\[\]{}"]*?)\n\s*\]', lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]", text)


def llama_tokenize(model, text):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(text)
    try:
        out = subprocess.run(["node", os.path.join(HERE, "llamacpp_logprobs.mjs"), "tokenize", model, f.name],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)
    res = json.loads(out.strip().splitlines()[-1])
    if res["detokenized"] != text:
        sys.exit("llama.cpp detokenization does not round-trip")
    return res["ids"]


def hf_tokenize(text, tokenizer_dir):
    try:
        from tokenizers import Tokenizer, models, pre_tokenizers
    except ImportError:
        return None
    with open(os.path.join(tokenizer_dir, "vocab.json"), encoding="utf-8") as f:
        by_id = {i: t for t, i in json.load(f).items()}
    with open(os.path.join(tokenizer_dir, "merges.txt"), encoding="utf-8") as f:
        merges = [tuple(line.rstrip("\n").split(" ")) for line in f if not line.startswith("#version")][:255]
    tok = Tokenizer(models.BPE(vocab={by_id[i]: i for i in range(511)}, merges=merges))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    return tok.encode(text).ids


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    model, out = sys.argv[1], sys.argv[2]
    tokenizer_dir = os.path.join(HERE, "..", "..", "..", "shared", "fixtures", "tokenizer", "phi-2")
    sequences = []
    for name, text, prefix in (("bos_code", CODE, [BOS]), ("text", TEXT, [])):
        ids = llama_tokenize(model, text)
        hf = hf_tokenize(text, tokenizer_dir)
        if hf is not None and hf != ids:
            sys.exit(f"{name}: llama.cpp and Hugging Face tokenizers disagree:\n{ids}\n{hf}")
        full = prefix + ids
        if len(full) < LENGTH:
            sys.exit(f"{name}: only {len(full)} tokens")
        sequences.append({"name": name, "text": text, "textIds": ids,
                          "note": ("bos id 511, then " if prefix else "") + f"the first {LENGTH - len(prefix)} "
                                  f"of the {len(ids)} tokens of text",
                          "ids": full[:LENGTH]})
    rng = np.random.default_rng(SEED)
    sequences.insert(1, {"name": "random", "note": f"numpy default_rng({SEED}).integers(0, 512, {LENGTH})",
                         "ids": [int(i) for i in rng.integers(0, 512, LENGTH)]})
    doc = {"vocab": 512, "length": LENGTH, "bos": BOS,
           "tokenizer": "llama.cpp (node-llama-cpp), add_special=false, parse_special=false",
           "sequences": sequences}
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        f.write(dumps_compact(doc))
        f.write("\n")
    os.replace(out + ".tmp", out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
