#!/usr/bin/env python3
"""Writes the "Samples of every family" section of docs/textbooks.md from `phi data synth` output.

    ./phi data synth --out /tmp/s2024 --tokens 300000 --seed 2024
    python3 docs/experiments/textbooks/samples.py /tmp/s2024/train.jsonl docs/textbooks.md

For each (family, format) pair below it takes the first lesson of that pair in the file (the generator's own
order), and replaces everything from the "## Samples of every family" heading to the end of the document.
"""
import json
import sys

PAIRS = [("add-sub", "instruct"), ("add-sub", "textbook"), ("mul-div", "instruct"), ("mul-div", "chat"),
         ("place-value", "exercise"), ("fractions", "instruct"), ("units", "chat"), ("units", "instruct"),
         ("compare", "instruct"), ("logic", "instruct"), ("logic", "chat"), ("sequences", "exercise"),
         ("time-money", "instruct"), ("definitions", "instruct"), ("definitions", "textbook"),
         ("python", "instruct"), ("stories", "story"), ("stories", "textbook"), ("stories", "instruct")]
HEADING = "## Samples of every family"


def main(jsonl, doc):
    lessons = [json.loads(line) for line in open(jsonl, encoding="utf-8")]
    parts = [HEADING, "", "Seed 2024, training split, as `phi data synth` writes them "
             "(`docs/experiments/textbooks/samples.py` picks the first lesson of each family and format).", ""]
    for family, fmt in PAIRS:
        lesson = next((l for l in lessons if l["family"] == family and l["format"] == fmt), None)
        if lesson is None:
            sys.exit(f"no {family} lesson in {fmt} format in {jsonl}: generate more tokens")
        parts += [f"### {family} — {fmt} ({lesson['audience']}, {lesson['style']})", "",
                  f"`keys` [{', '.join(lesson['keys'])}] · `answer` \"{lesson['answer']}\"", "",
                  "````text", lesson["text"], "````", ""]
    text = open(doc, encoding="utf-8").read()
    at = text.index(HEADING)
    with open(doc + ".tmp", "w", encoding="utf-8") as f:
        f.write(text[:at] + "\n".join(parts).rstrip() + "\n")
    import os
    os.replace(doc + ".tmp", doc)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
