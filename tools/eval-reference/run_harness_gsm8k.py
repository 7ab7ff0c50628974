#!/usr/bin/env python3
"""lm-evaluation-harness (v0.4.13, transformers, float32, CPU) on gsm8k-cot (8-shot chain of thought, greedy),
tiny random Phi-2, the first N problems of ../shared/data/eval/gsm8k/test.jsonl, at most MAX_TOKENS generated:
the reference for phi4j-eval's Gsm8kParityTest (prompt, completion, both filters' extractions, exact_match).

usage: run_harness_gsm8k.py HF_MODEL_DIR GSM8K_TEST.jsonl OUT.json [N] [MAX_TOKENS]
"""
import json
import sys
import tempfile
from pathlib import Path

import lm_eval
from lm_eval import simple_evaluate
from lm_eval.tasks import TaskManager

model_dir, data, out = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3])
n = int(sys.argv[4]) if len(sys.argv) > 4 else 5
max_tokens = int(sys.argv[5]) if len(sys.argv) > 5 else 32
yaml = "\n".join([
    f"include: {Path(lm_eval.__file__).parent / 'tasks/gsm8k/gsm8k-cot.yaml'}",
    "task: phi4j_gsm8k_cot", "tag: []", "dataset_path: json", "dataset_name: null",
    "dataset_kwargs:", "  data_files:", f"    test: {data}",
    "generation_kwargs:", "  until:", "    - 'Q:'", "    - '</s>'", "    - '<|im_end|>'", "  do_sample: false",
    f"  max_gen_toks: {max_tokens}",
]) + "\n"
with tempfile.TemporaryDirectory() as tmp:
    Path(tmp, "phi4j_gsm8k_cot.yaml").write_text(yaml)
    res = simple_evaluate(model="hf", model_args=f"pretrained={model_dir},dtype=float32", tasks=["phi4j_gsm8k_cot"],
                          task_manager=TaskManager(include_path=tmp), log_samples=True, batch_size=1, device="cpu",
                          limit=n, bootstrap_iters=100)
by_filter = {}
for s in res["samples"]["phi4j_gsm8k_cot"]:
    a = s["arguments"]
    prompt = a["gen_args_0"]["arg_0"] if isinstance(a, dict) else a[0][0]
    d = by_filter.setdefault(s["doc_id"], {"doc_id": s["doc_id"], "prompt": prompt, "completion": s["resps"][0][0],
                                           "target": s["target"]})
    d[s["filter"]] = s["filtered_resps"][0]
    d["exact_match," + s["filter"]] = s["exact_match"]
ref = {"lm_eval_version": "0.4.13", "max_gen_toks": max_tokens,
       "metrics": {k: v for k, v in res["results"]["phi4j_gsm8k_cot"].items() if k.startswith("exact_match")},
       "samples": [by_filter[k] for k in sorted(by_filter)]}
out.write_text(json.dumps(ref, indent=1, ensure_ascii=False) + "\n")
print("wrote", out)
