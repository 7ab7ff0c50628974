#!/usr/bin/env python3
"""Writes a byte-level tokenizer.json: GPT-2's byte-to-unicode alphabet (256 tokens, ids 0..255 in byte order),
no merges, and <|endoftext|> as id 256. Every byte is its own token, so small models spend their compute in the
transformer blocks rather than in a 50k-row output matrix; phi4j and Hugging Face tokenizers load it like any
GPT-2-style tokenizer.json.

  python3 make_byte_tokenizer.py OUT_DIR
"""
import json
import os
import sys


def bytes_to_unicode():
    # GPT-2's mapping (openai/gpt-2 encoder.py): printable bytes map to themselves, the rest to 256+n.
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def main(out):
    mapping = bytes_to_unicode()
    vocab = {mapping[b]: b for b in range(256)}
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": 256, "content": "<|endoftext|>", "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": False, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "vocab": vocab, "merges": []},
    }
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump({"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>",
                   "model_max_length": 2048, "tokenizer_class": "GPT2Tokenizer"}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
