#!/usr/bin/env python3
"""Builds the labelled demo set of docs/data-quality.md ("Annotation and the quality classifier").

Textbook lessons from `phi data synth` get labels 5 and 4 (alternating); junk gets 1 (the same lessons' words
shuffled) or 0 (random printable characters). Usage: demo_labels.py LESSONS.jsonl OUT.jsonl SEED COUNT
"""
import json
import random
import sys

lessons_path, out_path, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
lessons = [json.loads(line)["text"] for line in open(lessons_path, encoding="utf-8")]
with open(out_path, "w", encoding="utf-8") as out:
    for i in range(count):
        text = lessons[i % len(lessons)]
        kind = i % 4
        if kind < 2:
            label, name = 5 - kind, "lesson"
        elif kind == 2:
            words = text.split()
            rnd.shuffle(words)
            text, label, name = " ".join(words), 1, "shuffled"
        else:
            text = "".join(" " if rnd.random() < 0.125 else chr(33 + rnd.randrange(94)) for _ in text)
            label, name = 0, "random"
        out.write(json.dumps({"id": f"demo{seed}-{i}", "text": text, "edu_score": label, "kind": name}) + "\n")
