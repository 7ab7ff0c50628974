#!/usr/bin/env python3
"""Checks that a Hugging Face directory written by `phi convert` (GGUF -> HF) or `phi init --out DIR` loads in
transformers and means the same thing there as in phi4j.

Usage: python3 check_hf_export.py HF_DIR "some text" [PHI]
  HF_DIR  the directory phi wrote; PHI the phi launcher (default: ./phi)
Needs torch + transformers (pip install torch transformers). Prints the comparison and exits 1 on a mismatch:
  * AutoTokenizer (fast, from tokenizer.json) and the slow tokenizer (vocab.json + merges.txt) give the ids of
    `phi tokenize --special` (Hugging Face always parses special tokens such as <|endoftext|>);
  * PhiForCausalLM.from_pretrained (float64) gives the per-token log-probabilities of `phi score` within 1e-4.
"""
import json
import subprocess
import sys

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

hf_dir, text = sys.argv[1], sys.argv[2]
phi = sys.argv[3] if len(sys.argv) > 3 else "./phi"
ok = True

fast = AutoTokenizer.from_pretrained(hf_dir)
slow = AutoTokenizer.from_pretrained(hf_dir, use_fast=False)
ids_fast = fast(text, add_special_tokens=True)["input_ids"]
ids_slow = slow(text, add_special_tokens=True)["input_ids"]
phi_tok = json.loads(subprocess.run([phi, "tokenize", "-m", hf_dir, "--text", text, "--json", "--special"], check=True,
                                    capture_output=True, text=True).stdout)
print("fast tokenizer ids == phi:", ids_fast == phi_tok["ids"], "| slow tokenizer ids == phi:", ids_slow == phi_tok["ids"])
ok &= ids_fast == phi_tok["ids"] and ids_slow == phi_tok["ids"]
print("decode round trip:", fast.decode(ids_fast) == text)

model = AutoModelForCausalLM.from_pretrained(hf_dir, dtype=torch.float64)
model.eval()
with torch.no_grad():
    logits = model(torch.tensor([phi_tok["ids"]])).logits[0]
logprobs = torch.log_softmax(logits, dim=-1)
phi_score = json.loads(subprocess.run([phi, "score", "-m", hf_dir, "--text", text, "--json", "--special"], check=True,
                                      capture_output=True, text=True).stdout)
worst = 0.0
for t in range(1, len(phi_tok["ids"])):
    ref = logprobs[t - 1, phi_tok["ids"][t]].item()
    worst = max(worst, abs(ref - phi_score["tokens"][t]["logprob"]))
print(f"max |logprob(transformers, float64) - logprob(phi)| = {worst:.2e} over {len(phi_tok['ids']) - 1} tokens")
ok &= worst < 1e-4
print("OK" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
