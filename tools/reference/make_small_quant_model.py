#!/usr/bin/env python3
"""Write a small deterministic random-weights Phi-2-architecture GGUF model (F32 and F16).

The model exists so that llama.cpp's quantizers (llama-quantize) can be applied to it and the Java
engine can be checked, per quantized type, against llama.cpp and against an exact float64 answer.
Every 2-D weight row has a length that is a multiple of 256 so that the K-quants (block 256) apply.

Shape: hidden 256, 2 layers, 4 heads (head_dim 64), partial_rotary_factor 0.5 -> 32 rotary dims per
head, intermediate 512, vocab 512, context 2048.

Vocabulary: a truncated Phi-2 (= GPT-2) byte-level BPE vocabulary. Ids 0..510 are Phi-2's own ids
0..510 (the 256 byte tokens, then the results of the first 255 merges, which GPT-2 numbers in merge
order), and id 511 is `<|endoftext|>` (a CONTROL token, as Phi-2's 50256), used as bos = eos = unk
so that, as in Phi-2, the sequence-boundary token is a special token inside the vocabulary.
The merges list holds exactly the first 255 merges, so every merge result has an id.

Metadata follows llama.cpp's convert_hf_to_gguf.py for PhiForCausalLM (class Phi2Model) with one
deliberate difference: that converter always writes feed_forward_length = 4 * hidden, which would be
1024 here; llama.cpp checks ffn tensor shapes against that key, so we write the true 512.

Weights (seeded numpy, see SEED): 2-D matrices ~ N(0, 0.1^2) rounded through fp16 so that the F32 and
F16 files hold identical values; biases ~ N(0, 0.05^2); LayerNorm weights 1 + N(0, 0.1^2) and biases
N(0, 0.05^2). 1-D tensors are F32 in both files (as convert_hf_to_gguf.py does).

Usage: make_small_quant_model.py OUT_DIR [--tokenizer-dir DIR]
Writes OUT_DIR/small-phi2-F32.gguf and OUT_DIR/small-phi2-F16.gguf (same bytes on every run).
"""
import argparse
import json
import os
import sys

import numpy as np
import gguf

SEED = 20250611
HIDDEN = 256
LAYERS = 2
HEADS = 4
HEAD_DIM = HIDDEN // HEADS
ROTARY_DIMS = 32  # int(0.5 * 64), NeoX style: dim i pairs with i + 16
INTERMEDIATE = 512
VOCAB = 512
CONTEXT = 2048
LN_EPS = 1e-5
EOT_ID = 511
EOT_TEXT = "<|endoftext|>"
N_MERGES = 255  # ids 256..510

DEFAULT_TOKENIZER_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "fixtures", "tokenizer", "phi-2")


def truncated_vocab(tokenizer_dir):
    """Return (tokens, token_types, merges) of the 512-token vocabulary."""
    with open(os.path.join(tokenizer_dir, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    by_id = {i: t for t, i in vocab.items()}
    with open(os.path.join(tokenizer_dir, "merges.txt"), encoding="utf-8") as f:
        merges = [line.rstrip("\n") for line in f if not line.startswith("#version")]
    merges = merges[:N_MERGES]
    # GPT-2 assigns id 256 + k to the result of merge k: check it, since the truncation relies on it.
    for k, m in enumerate(merges):
        left, right = m.split(" ")
        if by_id[256 + k] != left + right:
            sys.exit(f"merge {k} '{m}' does not produce token {256 + k} '{by_id[256 + k]}'")
    tokens = [by_id[i] for i in range(EOT_ID)] + [EOT_TEXT]
    types = [gguf.TokenType.NORMAL] * EOT_ID + [gguf.TokenType.CONTROL]
    return tokens, types, merges


def random_weights():
    """Return the ordered list of (gguf tensor name, float32 array) in numpy [out, in] order."""
    rng = np.random.default_rng(SEED)

    def matrix(rows, cols):
        # Round through fp16: F16 and F32 files then hold exactly the same values.
        return (rng.standard_normal((rows, cols)) * 0.1).astype(np.float16).astype(np.float32)

    def bias(n):
        return (rng.standard_normal(n) * 0.05).astype(np.float32)

    def ln_weight(n):
        return (1.0 + rng.standard_normal(n) * 0.1).astype(np.float32)

    tensors = [("token_embd.weight", matrix(VOCAB, HIDDEN))]
    for i in range(LAYERS):
        p = f"blk.{i}."
        tensors += [
            (p + "attn_norm.weight", ln_weight(HIDDEN)),
            (p + "attn_norm.bias", bias(HIDDEN)),
            (p + "attn_q.weight", matrix(HIDDEN, HIDDEN)),
            (p + "attn_q.bias", bias(HIDDEN)),
            (p + "attn_k.weight", matrix(HIDDEN, HIDDEN)),
            (p + "attn_k.bias", bias(HIDDEN)),
            (p + "attn_v.weight", matrix(HIDDEN, HIDDEN)),
            (p + "attn_v.bias", bias(HIDDEN)),
            (p + "attn_output.weight", matrix(HIDDEN, HIDDEN)),
            (p + "attn_output.bias", bias(HIDDEN)),
            (p + "ffn_up.weight", matrix(INTERMEDIATE, HIDDEN)),
            (p + "ffn_up.bias", bias(INTERMEDIATE)),
            (p + "ffn_down.weight", matrix(HIDDEN, INTERMEDIATE)),
            (p + "ffn_down.bias", bias(HIDDEN)),
        ]
    tensors += [
        ("output_norm.weight", ln_weight(HIDDEN)),
        ("output_norm.bias", bias(HIDDEN)),
        ("output.weight", matrix(VOCAB, HIDDEN)),
        ("output.bias", bias(VOCAB)),
    ]
    return tensors


def write_gguf(path, tensors, vocab, f16):
    tokens, types, merges = vocab
    tmp = path + ".tmp"
    w = gguf.GGUFWriter(tmp, "phi2")
    w.add_type("model")
    w.add_name("Small Random Phi2 Quant Reference")
    n_params = sum(a.size for _, a in tensors)
    w.add_size_label(f"{n_params / 1e6:.1f}M")
    w.add_context_length(CONTEXT)
    w.add_embedding_length(HIDDEN)
    w.add_feed_forward_length(INTERMEDIATE)
    w.add_block_count(LAYERS)
    w.add_head_count(HEADS)
    w.add_head_count_kv(HEADS)
    w.add_layer_norm_eps(LN_EPS)
    w.add_rope_dimension_count(ROTARY_DIMS)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16 if f16 else gguf.LlamaFileType.ALL_F32)
    w.add_add_bos_token(False)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("phi-2")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(EOT_ID)
    w.add_eos_token_id(EOT_ID)
    w.add_unk_token_id(EOT_ID)
    w.add_quantization_version(gguf.GGML_QUANT_VERSION)
    for name, arr in tensors:
        if f16 and arr.ndim == 2:
            arr = arr.astype(np.float16)
        w.add_tensor(name, arr)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--tokenizer-dir", default=DEFAULT_TOKENIZER_DIR)
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    vocab = truncated_vocab(args.tokenizer_dir)
    tensors = random_weights()
    for f16, suffix in ((False, "F32"), (True, "F16")):
        path = os.path.join(args.out_dir, f"small-phi2-{suffix}.gguf")
        write_gguf(path, tensors, vocab, f16)
        print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
