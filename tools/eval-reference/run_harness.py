#!/usr/bin/env python3
"""Runs lm-evaluation-harness (v0.4.13, Hugging Face transformers backend, float32, CPU) on the tiny random
Phi-2 checkpoint over the local data written by make_eval_data.py, and writes a compact reference that
phi4j-eval's HarnessParityTest compares against: per task the metrics, and per document the exact
[context, continuation] pairs the harness scored with their log-likelihoods and is_greedy flags.

Each task is the harness's own YAML (`include:`), only re-pointed at local files (dataset_path: json).

usage: run_harness.py HF_MODEL_DIR DATA_DIR OUT.json
Environment used: /work/.cache/hfvenv (torch 2.13 CPU, transformers 5.18, datasets 5.0.1) plus
`pip install --no-deps lm-eval==0.4.13` and those of its dependencies the local package mirror has.
"""
import json
import os
import sys
import tempfile
from pathlib import Path

import lm_eval
from lm_eval import simple_evaluate
from lm_eval.tasks import TaskManager

model_dir, data, out = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3])
TASKS = Path(lm_eval.__file__).parent / "tasks"

# name -> (harness yaml, {split: file}, extra yaml lines)
SPEC = {
    "hellaswag": ("hellaswag/hellaswag.yaml", {"validation": "hellaswag/validation.jsonl"}, ["training_split: null"]),
    "piqa": ("piqa/piqa.yaml", {"validation": "piqa/validation.jsonl"}, ["training_split: null"]),
    "arc_easy": ("arc/arc_easy.yaml", {"test": "arc_easy/test.jsonl", "train": "arc_easy/train.jsonl"}, ["validation_split: null"]),
    "arc_challenge": ("arc/arc_challenge.yaml", {"test": "arc_challenge/test.jsonl", "train": "arc_challenge/train.jsonl"},
                      ["validation_split: null"]),
    "arc_easy_3shot": ("arc/arc_easy.yaml", {"test": "arc_easy/test.jsonl", "train": "arc_easy/train.jsonl"},
                       ["validation_split: null", "num_fewshot: 3"]),
    "openbookqa": ("openbookqa/openbookqa.yaml", {"test": "openbookqa/test.jsonl"}, ["training_split: null", "validation_split: null"]),
    "winogrande": ("winogrande/default.yaml", {"validation": "winogrande/validation.jsonl"}, ["training_split: null"]),
    "boolq": ("super_glue/boolq/default.yaml", {"validation": "boolq/validation.jsonl"}, ["training_split: null"]),
    "siqa": ("siqa/siqa.yaml", {"validation": "siqa/validation.jsonl"}, ["training_split: null"]),
    "copa": ("super_glue/copa/default.yaml", {"validation": "copa/validation.jsonl"}, ["training_split: null"]),
    "lambada": ("lambada/lambada_openai.yaml", {"test": "lambada/test.jsonl"}, []),
    "mmlu": ("mmlu/default/mmlu_anatomy.yaml", {"test": "mmlu/test.jsonl", "dev": "mmlu/dev.jsonl"}, ["num_fewshot: 5"]),
}

with tempfile.TemporaryDirectory() as tmp:
    for name, (yaml_path, files, extra) in SPEC.items():
        lines = [f"include: {TASKS / yaml_path}", f"task: phi4j_{name}", "tag: []", "dataset_path: json", "dataset_name: null",
                 "dataset_kwargs:", "  data_files:"]
        lines += [f"    {split}: {data / f}" for split, f in files.items()]
        lines += extra
        Path(tmp, f"phi4j_{name}.yaml").write_text("\n".join(lines) + "\n")
    tm = TaskManager(include_path=tmp, include_defaults=True)
    res = simple_evaluate(model="hf", model_args=f"pretrained={model_dir},dtype=float32", tasks=[f"phi4j_{n}" for n in SPEC],
                          task_manager=tm, log_samples=True, batch_size=8, device="cpu", bootstrap_iters=100,
                          random_seed=0, numpy_random_seed=1234, torch_random_seed=1234, fewshot_random_seed=1234)

if os.environ.get("RAW"):
    Path(os.environ["RAW"]).write_text(json.dumps(res["samples"], default=str)[:200000])
ref = {"lm_eval_version": "0.4.13", "model": "tiny-phi2/hf (float32, transformers)", "tasks": {}}
for name in SPEC:
    key = f"phi4j_{name}"
    metrics = {k.split(",")[0]: v for k, v in res["results"][key].items() if k != "alias" and "stderr" not in k}
    stderrs = {k.split(",")[0].replace("_stderr", ""): v for k, v in res["results"][key].items() if "stderr" in k}
    samples = []
    for s in sorted(res["samples"][key], key=lambda s: s["doc_id"]):
        a = s["arguments"]
        args = [[x["arg_0"], x["arg_1"]] for x in a.values()] if isinstance(a, dict) else [[x[0], x[1]] for x in a]
        resps = [r[0] for r in s["resps"]]
        samples.append({"doc_id": s["doc_id"], "arguments": args,
                        "loglikelihoods": [float(r[0]) for r in resps], "is_greedy": [bool(r[1]) for r in resps],
                        **{m: s[m] for m in metrics if m in s}})
    ref["tasks"][name] = {"metrics": metrics, "stderrs": stderrs, "samples": samples}
out.write_text(json.dumps(ref, indent=1, ensure_ascii=False) + "\n")
print("wrote", out)
