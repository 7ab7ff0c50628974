#!/usr/bin/env python3
"""Cross-check f64_reference.py against Hugging Face transformers' own PhiForCausalLM (torch, float64).

Loads the dequantized weights of each GGUF into a PhiForCausalLM built from the GGUF's hyper-parameters,
runs it in float64 with eager attention on the sequences of tokens.json, and prints max |dlogit| against
the committed f64-<model>.logits.f32 (which are float32-rounded, so ~1e-6 is agreement).

Needs torch and transformers (pip). Not part of make_quant_refs.sh: a check, not a generator.
Usage: check_f64_vs_transformers.py TOKENS.json REFS_DIR MODEL.gguf...
"""
import json
import os
import sys

import numpy as np
import torch
from transformers import PhiConfig, PhiForCausalLM

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from f64_reference import load_weights  # noqa: E402

HF_NAMES = {
    "token_embd.weight": "model.embed_tokens.weight",
    "output_norm.weight": "model.final_layernorm.weight",
    "output_norm.bias": "model.final_layernorm.bias",
    "output.weight": "lm_head.weight",
    "output.bias": "lm_head.bias",
}
LAYER_NAMES = {
    "attn_norm": "input_layernorm", "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj", "attn_output": "self_attn.dense", "ffn_up": "mlp.fc1", "ffn_down": "mlp.fc2",
}


def hf_name(gguf_name):
    if gguf_name in HF_NAMES:
        return HF_NAMES[gguf_name]
    _, layer, part, kind = gguf_name.split(".")
    return f"model.layers.{layer}.{LAYER_NAMES[part]}.{kind}"


def main():
    tokens_file, refs_dir, models = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(tokens_file, encoding="utf-8") as f:
        seqs = [s["ids"] for s in json.load(f)["sequences"]]
    for path in models:
        stem = os.path.basename(path)[:-len(".gguf")]
        hp, w, _ = load_weights(path)
        vocab, hidden = w["token_embd.weight"].shape
        head_dim = hp["hidden"] // hp["heads"]
        config = PhiConfig(vocab_size=vocab, hidden_size=hidden, intermediate_size=w["blk.0.ffn_up.weight"].shape[0],
                           num_hidden_layers=hp["layers"], num_attention_heads=hp["heads"],
                           num_key_value_heads=hp["heads"], hidden_act="gelu_new", max_position_embeddings=2048,
                           layer_norm_eps=hp["eps"], partial_rotary_factor=hp["rot"] / head_dim,
                           rope_theta=hp["rope_base"], tie_word_embeddings=False, resid_pdrop=0.0,
                           embd_pdrop=0.0, attention_dropout=0.0)
        config._attn_implementation = "eager"
        model = PhiForCausalLM(config).double().eval()
        state = {hf_name(n): torch.from_numpy(a) for n, a in w.items()}
        missing, unexpected = model.load_state_dict(state, strict=False)
        if unexpected or [m for m in missing if "rotary" not in m]:
            sys.exit(f"{stem}: state dict mismatch: missing {missing}, unexpected {unexpected}")
        with torch.no_grad():
            hf = np.stack([model(torch.tensor([s])).logits[0].numpy() for s in seqs])
        ref = np.fromfile(os.path.join(refs_dir, f"f64-{stem}.logits.f32"), "<f4").reshape(hf.shape)
        print(f"{stem}: transformers {__import__('transformers').__version__} float64 vs f64 reference: "
              f"max |dlogit| {np.abs(hf - ref).max():.2e}")


if __name__ == "__main__":
    main()
