#!/usr/bin/env python3
"""Cross-checks `phi data train-tokenizer` against Hugging Face tokenizers.

Usage: check_tokenizer_hf.py CORPUS TOKENIZER_DIR [--expect-out FILE] [--hf-merges-out FILE]

1. Trains Hugging Face's BpeTrainer on CORPUS (.jsonl "text" fields or a UTF-8 text file, documents separated by
   <|endoftext|>) with the settings phi4j's trainer implements (ByteLevel pre-tokenizer with the GPT-2 regex, the
   256-byte initial alphabet, <|endoftext|> as the only special token, same vocabulary size) and checks that it
   learns exactly the merges in TOKENIZER_DIR/merges.txt, in the same order.
2. Loads TOKENIZER_DIR with tokenizers.Tokenizer.from_file (tokenizer.json) and with transformers' slow
   GPT2Tokenizer (vocab.json + merges.txt) and fast AutoTokenizer, and checks that all three give the same ids on
   sample texts and decode them back to the text.
3. With --expect-out, writes those sample texts and ids as JSON, and with --hf-merges-out the merges Hugging Face
   learned (the Java test BpeTrainerTest compares phi4j's trainer with both).

The test resources in phi4j-data/src/test/resources/bpe/ were made with:
  ./phi data train-tokenizer phi4j-data/src/test/resources/bpe/tiny-corpus.txt --vocab 600 --out /tmp/tiny-tok
  /work/.cache/hfvenv/bin/python tools/data/check_tokenizer_hf.py phi4j-data/src/test/resources/bpe/tiny-corpus.txt \
      /tmp/tiny-tok --expect-out phi4j-data/src/test/resources/bpe/hf-encodings.json \
      --hf-merges-out phi4j-data/src/test/resources/bpe/hf-merges.txt

Run with the venv that has tokenizers and transformers, e.g. /work/.cache/hfvenv/bin/python.
"""
import argparse
import json
import sys

from tokenizers import Tokenizer, models, pre_tokenizers, trainers

EOT = "<|endoftext|>"
SAMPLES = [
    "Instruct: What is 27 + 38?\nOutput: Add the ones: 7 + 8 = 15. Write 5 and carry 1.",
    "Alice: What does the word \"brave\" mean?\nBob: It means showing courage.",
    "Once upon a time, there was a little bunny named Pip. \"Let's play!\" she said.",
    "def double(n):\n    return n * 2\n\nprint(double(21))",
    "  leading spaces, tabs\tand\nnewlines\n\n  and unicode: café, naïve, 日本語, emoji 🙂",
    "numbers 1234567 and 3.14159, symbols #$%&*()[]{}",
    "it's they're we've I'm you'll he'd THE END",
    "",
]


def documents(path):
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield from json.loads(line)["text"].split(EOT)
    else:
        with open(path, encoding="utf-8") as f:
            yield from f.read().split(EOT)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("tokenizer_dir")
    ap.add_argument("--expect-out")
    ap.add_argument("--hf-merges-out")
    args = ap.parse_args()

    with open(f"{args.tokenizer_dir}/vocab.json", encoding="utf-8") as f:
        ours_vocab = json.load(f)
    with open(f"{args.tokenizer_dir}/merges.txt", encoding="utf-8") as f:
        ours_merges = [line.rstrip("\n") for line in f if not line.startswith("#version")]

    hf = Tokenizer(models.BPE())
    hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    trainer = trainers.BpeTrainer(vocab_size=len(ours_vocab), special_tokens=[EOT], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    hf.train_from_iterator(documents(args.corpus), trainer)
    model = json.loads(hf.to_str())["model"]
    hf_merges = [m if isinstance(m, str) else " ".join(m) for m in model["merges"]]
    ok = True
    if hf_merges != ours_merges:
        ok = False
        n = next((i for i, (a, b) in enumerate(zip(hf_merges, ours_merges)) if a != b), min(len(hf_merges), len(ours_merges)))
        print(f"MERGES DIFFER at rank {n}: hf={hf_merges[n:n+3]} ours={ours_merges[n:n+3]} "
              f"(hf {len(hf_merges)} merges, ours {len(ours_merges)})")
    else:
        print(f"merges identical to Hugging Face BpeTrainer: {len(ours_merges)} merges")
    if set(model["vocab"]) != set(ours_vocab):
        ok = False
        print("VOCABULARY DIFFERS:", sorted(set(model["vocab"]) ^ set(ours_vocab))[:10])
    else:
        print(f"vocabulary identical as a set: {len(ours_vocab)} tokens")

    from transformers import AutoTokenizer, GPT2Tokenizer
    fast_file = Tokenizer.from_file(f"{args.tokenizer_dir}/tokenizer.json")
    slow = GPT2Tokenizer.from_pretrained(args.tokenizer_dir)
    fast = AutoTokenizer.from_pretrained(args.tokenizer_dir)
    expect = []
    for text in SAMPLES + [EOT.join(["first document", " second one"])]:
        a = fast_file.encode(text).ids
        b = slow.encode(text)
        c = fast.encode(text)
        if not (a == b == c):
            ok = False
            print(f"ENCODINGS DIFFER for {text!r}: tokenizers={a} slow={b} fast={c}")
        if fast_file.decode(a, skip_special_tokens=False) != text:
            ok = False
            print(f"ROUND TRIP FAILED for {text!r}: {fast_file.decode(a)!r}")
        expect.append({"text": text, "ids": a})
    print(f"tokenizers, transformers slow and fast agree on {len(expect)} samples and round-trip them")
    if fast.eos_token != EOT or fast.bos_token != EOT or fast.eos_token_id != ours_vocab[EOT]:
        ok = False
        print(f"SPECIAL TOKENS: eos={fast.eos_token!r} bos={fast.bos_token!r} id={fast.eos_token_id}")
    if args.expect_out:
        with open(args.expect_out, "w", encoding="utf-8") as f:
            json.dump({"tokenizers": __import__("tokenizers").__version__, "samples": expect}, f, ensure_ascii=False,
                      indent=1)
            f.write("\n")
    if args.hf_merges_out:
        with open(args.hf_merges_out, "w", encoding="utf-8") as f:
            f.write("#version: 0.2\n")
            for m in hf_merges:
                f.write(m + "\n")
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
