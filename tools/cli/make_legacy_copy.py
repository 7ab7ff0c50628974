#!/usr/bin/env python3
"""Rewrites a current-layout Hugging Face Phi checkpoint (as `phi convert model.gguf DIR` writes it) in Microsoft's
legacy "phi-msft" layout (transformer.h.N.mixer.Wqkv with q, k, v fused, lm_head.ln / lm_head.linear), the layout
of microsoft/phi-2 before January 2024. Used by make_convert_refs.sh; the Java tests build the same copy.

Usage: python3 make_legacy_copy.py SRC_DIR DST_DIR      (needs numpy and safetensors)
"""
import json
import shutil
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file

src, dst = Path(sys.argv[1]), Path(sys.argv[2])
dst.mkdir(parents=True, exist_ok=True)
cfg = json.loads((src / "config.json").read_text())
t = load_file(str(src / "model.safetensors"))
out = {
    "transformer.embd.wte.weight": t["model.embed_tokens.weight"],
    "lm_head.ln.weight": t["model.final_layernorm.weight"],
    "lm_head.ln.bias": t["model.final_layernorm.bias"],
    "lm_head.linear.weight": t["lm_head.weight"],
    "lm_head.linear.bias": t["lm_head.bias"],
}
for i in range(cfg["num_hidden_layers"]):
    p, q = f"model.layers.{i}.", f"transformer.h.{i}."
    for s in ("weight", "bias"):
        out[q + "ln." + s] = t[p + "input_layernorm." + s]
        out[q + "mixer.Wqkv." + s] = np.concatenate([t[p + f"self_attn.{x}_proj." + s] for x in "qkv"], axis=0)
        out[q + "mixer.out_proj." + s] = t[p + "self_attn.dense." + s]
        out[q + "mlp.fc1." + s] = t[p + "mlp.fc1." + s]
        out[q + "mlp.fc2." + s] = t[p + "mlp.fc2." + s]
save_file(out, str(dst / "model.safetensors"), metadata={"format": "pt"})
head_dim = cfg["hidden_size"] // cfg["num_attention_heads"]
legacy = {
    "activation_function": "gelu_new",
    "architectures": ["PhiForCausalLM"],
    "layer_norm_epsilon": cfg["layer_norm_eps"],
    "model_type": "phi-msft",
    "n_embd": cfg["hidden_size"],
    "n_head": cfg["num_attention_heads"],
    "n_head_kv": None,
    "n_inner": cfg["intermediate_size"],
    "n_layer": cfg["num_hidden_layers"],
    "n_positions": cfg["max_position_embeddings"],
    "rotary_dim": int(head_dim * cfg["partial_rotary_factor"]),
    "tie_word_embeddings": False,
    "torch_dtype": cfg["torch_dtype"],
    "vocab_size": cfg["vocab_size"],
}
(dst / "config.json").write_text(json.dumps(legacy, indent=2, sort_keys=True) + "\n")
for f in ("tokenizer.json", "vocab.json", "merges.txt", "added_tokens.json", "special_tokens_map.json", "tokenizer_config.json"):
    if (src / f).exists():
        shutil.copy(src / f, dst / f)
