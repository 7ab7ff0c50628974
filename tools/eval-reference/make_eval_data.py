#!/usr/bin/env python3
"""Writes the small local evaluation data set that phi4j-eval's parity tests use:
phi4j-eval/src/test/resources/eval-data/<task>/<split>.jsonl, rows with the fields the Hugging Face datasets
publish (the harness reads them with dataset_path: json).

Real items come from ../shared/data/eval (llm-foundry gauntlet files for PIQA, ARC, OpenBookQA, LAMBADA;
llama.cpp's HellaSwag text), converted back to the Hugging Face field names. WinoGrande, BoolQ, SIQA, COPA and
MMLU have no local copy: their rows are made up from templates (seeded), which is enough to check that prompts,
tokenization and scoring agree; a handful of hand-written HellaSwag rows exercise the harness's preprocessing
([title], [header], capitalize()).

usage: make_eval_data.py SHARED_EVAL_DIR OUT_DIR
"""
import bz2
import json
import random
import sys
from pathlib import Path

shared, out = Path(sys.argv[1]), Path(sys.argv[2])
N = 30


def write(task, split, rows):
    d = out / task
    d.mkdir(parents=True, exist_ok=True)
    with open(d / f"{split}.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def gauntlet(name):
    with open(shared / "mc" / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


LABELS = "ABCDE"

# PIQA: query "Question: {goal}\n"
piqa = gauntlet("piqa")
write("piqa", "validation", [
    {"goal": r["query"][len("Question: "):].rstrip("\n"), "sol1": r["choices"][0], "sol2": r["choices"][1], "label": r["gold"]}
    for r in piqa[:N]])

# ARC: query "Question: {question}"; the train split (for the seeded few-shot sampler test) from later rows
for name in ["arc_easy", "arc_challenge"]:
    rows = gauntlet(name)
    def arc(r, i):
        labels = [LABELS[j] for j in range(len(r["choices"]))]
        return {"id": f"{name}-{i}", "question": r["query"][len("Question: "):],
                "choices": {"text": r["choices"], "label": labels}, "answerKey": labels[r["gold"]]}
    write(name, "test", [arc(r, i) for i, r in enumerate(rows[:N])])
    write(name, "train", [arc(r, i) for i, r in enumerate(rows[100:140], 100)])

# OpenBookQA: query = question_stem
rows = gauntlet("openbook_qa")
write("openbookqa", "test", [
    {"id": str(i), "question_stem": r["query"], "choices": {"text": r["choices"], "label": list("ABCD")},
     "answerKey": "ABCD"[r["gold"]]} for i, r in enumerate(rows[:N])])

# LAMBADA: text = context + " " + continuation
rows = gauntlet("lambada_openai")
write("lambada", "test", [{"text": r["context"] + " " + r["continuation"]} for r in rows[:N]])

# HellaSwag: llama.cpp's text (6 lines per task, already preprocessed) plus hand-written raw rows
lines = bz2.open(shared / "hellaswag" / "hellaswag_val_full.txt.bz2", "rt", encoding="utf-8").read().split("\n")
hs = []
for i in range(N - 4):
    ctx, gold, endings = lines[6 * i], int(lines[6 * i + 1]), lines[6 * i + 2:6 * i + 6]
    label, _, rest = ctx.partition(": ")
    hs.append({"ind": i, "activity_label": label, "ctx_a": rest, "ctx_b": "", "endings": endings, "label": str(gold)})
hs += [
    {"ind": 1001, "activity_label": "Personal Care and Style", "ctx_a": "[header] How to braid hair [title] Brush your hair.",
     "ctx_b": "YOU should START at the top", "endings": ["[step] Then pull three strands.", "of the head [title] and work down.",
     "and give up.", "  with  two  spaces."], "label": "1"},
    {"ind": 1002, "activity_label": "Baking cookies", "ctx_a": "A woman pours flour into a bowl.", "ctx_b": "she",
     "endings": ["mixes it with eggs.", "throws the bowl [substeps] away.", "paints the wall.", "sings a song."], "label": "0"},
    {"ind": 1003, "activity_label": "Running", "ctx_a": "A man ties his shoes.", "ctx_b": "then he",
     "endings": ["runs down the street.", "eats the shoes.", "flies away.", "sleeps."], "label": "0"},
    {"ind": 1004, "activity_label": "Home and Garden", "ctx_a": "[title] Water the plants daily.", "ctx_b": "",
     "endings": ["[step] Use a can.", "Ignore them.", "Sell the house.", "Buy a dog."], "label": "0"},
]
write("hellaswag", "validation", hs)

rng = random.Random(7)
NAMES = ["Sarah", "Maria", "James", "Robert", "Linda", "Kevin", "Emily", "Jason", "Megan", "Victoria", "Derrick", "Nick"]
WINO = [
    ("{a} was a much better surgeon than {b} so _ always got the harder cases.", 1),
    ("{a} lent money to {b} because _ had a lot of savings.", 1),
    ("{a} asked {b} for help with the homework because _ was good at math.", 2),
    ("The trophy would not fit in the suitcase because the _ was too big.", None),
    ("{a} could not lift the box but {b} could, because _ was stronger.", 2),
    ("_ thanked {b} after {a} received the gift.", 1),
]
wino = []
for i in range(N):
    t, ans = WINO[i % len(WINO)]
    a, b = rng.sample(NAMES, 2)
    if ans is None:
        wino.append({"sentence": t, "option1": "trophy", "option2": "suitcase", "answer": "1"})
    else:
        wino.append({"sentence": t.format(a=a, b=b), "option1": a, "option2": b, "answer": str(ans)})
write("winogrande", "validation", wino)

PASSAGES = [
    ("The Nile is a major north-flowing river in northeastern Africa. It flows into the Mediterranean Sea.", "does the nile flow into the mediterranean sea", True),
    ("Mount Everest is Earth's highest mountain above sea level, located in the Himalayas.", "is mount everest located in the andes", False),
    ("Penguins are a group of aquatic flightless birds living almost exclusively in the Southern Hemisphere.", "can penguins fly", False),
    ("The Great Wall of China is a series of fortifications built across the historical northern borders of China.", "is the great wall of china in china", True),
    ("Water boils at 100 degrees Celsius at sea level.", "does water boil at 50 degrees celsius at sea level", False),
]
write("boolq", "validation", [
    {"question": q, "passage": p, "idx": i, "label": int(a)} for i, (p, q, a) in enumerate(PASSAGES * (N // len(PASSAGES)))])

SIQA = [
    ("Tracy didn't go home that evening and resisted Riley's attacks.", "What does Tracy need to do before this?",
     ["Make a new plan", "Go home and see Riley", "Find somewhere to go"], "3"),
    ("Sydney walked past a homeless woman asking for change but did not have any money they could give to her.",
     "How would you describe Sydney?", ["sympathetic", "like a person who was unable to help", "incredulous"], "1"),
    ("Kai gave Ash some bread so they could make a sandwich.", "Why did Kai do this?",
     ["to be helpful", "to eat the bread", "to go to the store"], "1"),
]
write("siqa", "validation", [
    {"context": c, "question": q, "answerA": a[0], "answerB": a[1], "answerC": a[2], "label": l}
    for c, q, a, l in SIQA * (N // len(SIQA))])

COPA = [
    ("My body cast a shadow over the grass.", "The sun was rising.", "The grass was cut.", "cause", 0),
    ("The woman tolerated her friend's difficult behavior.", "The woman knew her friend was going through a hard time.",
     "The woman felt that her friend took advantage of her kindness.", "cause", 0),
    ("The women met for coffee.", "The cafe reopened in a new location.", "They wanted to catch up with each other.", "cause", 1),
    ("The runner wore shorts.", "The forecast predicted high temperatures.", "She planned to run along the beach.", "cause", 0),
    ("The guests of the party hid behind the couch.", "It was a surprise party.", "It was a birthday party.", "cause", 0),
    ("The politician lost the election.", "He ran negative campaign ads.", "No one voted for him.", "cause", 1),
    ("I pushed the gas pedal.", "The car accelerated.", "The car stopped.", "effect", 0),
    ("The girl found a bug in her cereal.", "She poured milk in the bowl.", "She lost her appetite.", "effect", 1),
]
write("copa", "validation", [
    {"premise": p, "choice1": c1, "choice2": c2, "question": q, "idx": i, "label": l}
    for i, (p, c1, c2, q, l) in enumerate((COPA * 4)[:N])])

MMLU = [
    ("What is the largest bone in the human body?", ["Femur", "Tibia", "Humerus", "Skull"], 0),
    ("Which organ pumps blood through the body? ", ["Liver", "Heart", "Lung", "Kidney"], 1),
    ("How many chambers does the human heart have?", ["Two", "Three", "Four", "Five"], 2),
    ("Which part of the brain controls balance?", ["Cerebrum", "Brainstem", "Hypothalamus", "Cerebellum"], 3),
    ("What connects muscle to bone?", ["Ligament", "Tendon", "Cartilage", "Nerve"], 1),
    ("Where is the tibia located?", ["Arm", "Leg", "Skull", "Chest"], 1),
]
mm = []
for i in range(N):
    q, c, a = MMLU[i % len(MMLU)]
    order = list(range(4))
    rng.shuffle(order)
    mm.append({"question": q, "subject": "anatomy", "choices": [c[j] for j in order], "answer": order.index(a)})
write("mmlu", "test", mm)
write("mmlu", "dev", [{"question": q, "subject": "anatomy", "choices": c, "answer": a} for q, c, a in MMLU[:5]])
print("wrote", out)
