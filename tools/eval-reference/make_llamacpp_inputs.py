#!/usr/bin/env python3
"""Writes the inputs of run_llamacpp.sh from ../shared/data/eval:
  hellaswag-400.txt     the first 400 tasks of llama.cpp's hellaswag_val_full.txt (6 lines each)
  arc_easy-300.bin      the first 300 ARC-Easy items (llm-foundry gauntlet file) in llama-perplexity's
                        --multiple-choice binary format, question = the harness prompt "Question: …\nAnswer:"
  winogrande-300.csv    300 made-up WinoGrande items (seeded templates) in llama.cpp's CSV form
                        (index,sentence,option1,option2,answer); also committed as test data. No sentence
                        starts with the blank: then the two sentences share no token and llama-perplexity
                        indexes its logits off by one (it marks batch.logits[n_tokens - 1] for an empty
                        shared prefix, index -1 for the first task of a batch: undefined behaviour), which
                        phi4j does not imitate.
usage: make_llamacpp_inputs.py SHARED_EVAL_DIR OUT_DIR
"""
import bz2
import json
import random
import struct
import sys
from pathlib import Path

shared, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)

lines = bz2.open(shared / "hellaswag" / "hellaswag_val_full.txt.bz2", "rt", encoding="utf-8").read().split("\n")
(out / "hellaswag-400.txt").write_text("\n".join(lines[:400 * 6]) + "\n", encoding="utf-8")


def s(b):
    return struct.pack("<I", len(b)) + b


tasks = []
with open(shared / "mc" / "arc_easy.jsonl", encoding="utf-8") as f:
    rows = [json.loads(l) for l in f if l.strip()][:300]
for r in rows:
    q = r["query"]
    q = q[len("Question: "):] if q.startswith("Question: ") else q
    t = s(("Question: " + q + "\nAnswer:").encode("utf-8"))
    t += struct.pack("<I", len(r["choices"])) + b"".join(s(c.encode("utf-8")) for c in r["choices"])
    t += struct.pack(f"<{len(r['choices'])}i", *[1 if i == r["gold"] else 0 for i in range(len(r["choices"]))])
    t += struct.pack("<I", 0)  # mc2: no answers
    tasks.append(t)
header = struct.pack("<I", len(tasks))
pos, offsets = 4 + 4 * len(tasks), []
for t in tasks:
    offsets.append(pos)
    pos += len(t)
(out / "arc_easy-300.bin").write_bytes(header + struct.pack(f"<{len(tasks)}I", *offsets) + b"".join(tasks))

rng = random.Random(11)
NAMES = ["Sarah", "Maria", "James", "Robert", "Linda", "Kevin", "Emily", "Jason", "Megan", "Victoria", "Derrick",
         "Nick", "Adam", "Brian", "Carrie", "Dennis", "Erin", "Felicia", "Hunter", "Ian", "Joel", "Katrina"]
THINGS = [("trophy", "suitcase"), ("ball", "window"), ("cake", "oven"), ("laptop", "bag"), ("book", "shelf"),
          ("car", "garage"), ("dog", "kennel"), ("lamp", "table")]
TEMPLATES = [
    "{a} was a much better surgeon than {b} so _ always got the harder cases.",
    "{a} lent money to {b} because _ had a lot of savings.",
    "{a} asked {b} for help with the homework because _ was good at math.",
    "{a} could not lift the box but {b} could, because _ was stronger.",
    "{b} thanked _ after {a} received the gift.",
    "{a} wanted to learn to cook from {b}, since _ was a famous chef.",
    "{a} always beat {b} at chess because _ practiced every day.",
    "The {x} would not fit in the {y} because the _ was too big.",
    "The {x} did not fit into the {y} since the _ was too small.",
    "{a} gave {b} a ride home because _ did not have a car.",
]
with open(out / "winogrande-300.csv", "w", encoding="utf-8") as f:
    for i in range(300):
        t = TEMPLATES[i % len(TEMPLATES)]
        a, b = rng.sample(NAMES, 2)
        x, y = THINGS[rng.randrange(len(THINGS))]
        sentence = t.format(a=a, b=b, x=x, y=y)
        o1, o2 = (x, y) if "{x}" in t else (a, b)
        ans = rng.choice([1, 2])
        q = f'"{sentence}"' if "," in sentence else sentence
        f.write(f"{i},{q},{o1},{o2},{ans}\n")
print("wrote", out)
