#!/usr/bin/env python3
"""Held-out accuracy per lesson kind, for one run or side by side for several.

A family's score hides which of its kinds moved; this joins `phi eval --tasks textbooks` per-lesson results
(`heldout-results.json`, gzipped or not) with the held-out lessons they scored (`corpus/heldout.jsonl`, for the
problem keys) and counts exact answers per kind: the key's leading fields without digits (`py:sum`, `time:day`,
`unit:egg>dozen`), Python's list and function lessons by function, its string lessons by operation, orderings
by direction, and comparisons of two numbers by how the question asks (`cmp:which`, `cmp:sign`, `cmp:people`).

    heldout_by_kind.py RUN_DIR [RUN_DIR ...] [--families python,compare]

RUN_DIR holds heldout-results.json[.gz] and corpus/heldout.jsonl (a recipe's --out directory); the first run's
kinds set the rows. Each column is "right/scored".
"""
import argparse
import collections
import gzip
import json
import os
import sys


def load_json(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


STRING_OPS = [(".upper()", "upper"), ("len(", "len"), ("[0]", "first"), ("[-1]", "last"), ("[::-1]", "reverse"),
              (".count(", "count"), (" + ", "concat"), (" * ", "repeat")]


def kind(key, prompt):
    parts = key.split(":")
    if parts[0] == "py" and parts[1] in ("list", "fn"):
        return ":".join(parts[:3])
    if parts[:2] == ["py", "str"]:
        return "py:str:" + next((op for mark, op in STRING_OPS if mark in key.split(":", 3)[-1]), "?")
    if parts[:2] == ["cmp", "set"]:
        return "cmp:set:" + parts[-1]
    if parts[0] == "cmp":
        asked = prompt[:prompt.rfind("?") + 1]
        question = asked[asked.rfind("\n") + 1:]  # the practice question's own line, not a worked example's
        return "cmp:" + ("people" if " Who " in question else "sign" if "sign" in question else "which")
    if parts[0] == "def":
        return "def"  # one kind: the word is the problem
    lead = [p for p in parts[:2] if not any(ch.isdigit() for ch in p)]
    return ":".join(lead)


def per_kind(run):
    results = None
    for name in ("heldout-results.json", "heldout-results.json.gz"):
        if os.path.exists(os.path.join(run, name)):
            results = load_json(os.path.join(run, name))
            break
    if results is None:
        sys.exit(f"{run}: no heldout-results.json(.gz)")
    lessons_path = os.path.join(run, "corpus", "heldout.jsonl")
    if not os.path.exists(lessons_path):
        sys.exit(f"{run}: no corpus/heldout.jsonl (the keys come from there)")
    keys = {}
    with open(lessons_path, encoding="utf-8") as f:
        for line in f:
            lesson = json.loads(line)
            keys[lesson["id"]] = (lesson["keys"][0], lesson.get("prompt") or "")
    counts = collections.defaultdict(lambda: [0, 0])
    for sample in results["samples"]["textbooks"]:
        if sample["id"] not in keys:
            sys.exit(f"{run}: lesson {sample['id']} is scored but not in corpus/heldout.jsonl")
        c = counts[(sample["family"], kind(*keys[sample["id"]]))]
        c[0] += int(sample["acc"])
        c[1] += 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--families", help="comma-separated families to show (default: all)")
    args = ap.parse_args()
    tables = [per_kind(r) for r in args.runs]
    wanted = set(args.families.split(",")) if args.families else None
    rows = sorted(k for k in tables[0] if wanted is None or k[0] in wanted)
    print("| family | kind | " + " | ".join(os.path.basename(os.path.normpath(r)) or r for r in args.runs) + " |")
    print("|---|---|" + "---:|" * len(args.runs))
    for fam, k in rows:
        cells = []
        for t in tables:
            right, n = t.get((fam, k), (0, 0))
            cells.append(f"{right}/{n}" if n else "—")
        print(f"| {fam} | `{k}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
