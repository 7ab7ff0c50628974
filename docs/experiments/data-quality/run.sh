#!/usr/bin/env bash
# Reproduces docs/data-quality.md "Experiment: filtered vs unfiltered, Phi-1.5-web style".
# Manual only (about 25 minutes on 2 cores); no test runs it. Corpora and models stay in $WORK.
#   WORK=/work/dq-exp SHARED=/work/shared docs/experiments/data-quality/run.sh
# TOKENIZER: a tokenizer.json or Hugging Face dir (default: the embedded phi4j-tiny's, rebuilt as its
# recipe does: `phi data train-tokenizer --vocab 4096 --split-digits` on `phi data synth --seed 1`).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
PHI="$REPO/phi"
WORK=${WORK:-/tmp/dq-exp}
SHARED=${SHARED:-$REPO/../shared}
STEPS=${STEPS:-600}; BATCH=${BATCH:-8}; CTX=${CTX:-128}; TOP=${TOP:-40}
ARCH=${ARCH:-tiny,hidden=128,layers=4,heads=4,ctx=256}
mkdir -p "$WORK"; cd "$WORK"

# 1. corpus: web-like sources + synthetic textbooks; classifier sets disjoint from it
python3 "$REPO/docs/experiments/data-quality/assemble.py" "$WORK" "$SHARED"
"$PHI" data synth --out synth --tokens 1500000 --seed 5          # in the corpus
"$PHI" data synth --out synth-pos --tokens 300000 --seed 21      # classifier positives
"$PHI" data synth --out heldout --tokens 100000 --seed 9 --heldout
mkdir -p ing
for s in debian-changelog debian-copyright man python-stdlib python-docs shared-books; do
  "$PHI" data ingest "raw/$s" --source "$s" --out "ing/$s.jsonl" -q
done
"$PHI" data ingest "$SHARED/data/corpora/tinystories_sample.txt" --source shared-books --out ing/tinystories.jsonl -q
"$PHI" data ingest synth/train.jsonl --source synth-textbooks --out ing/synth.jsonl -q
cat ing/*.jsonl > docs.jsonl
"$PHI" data dedup docs.jsonl --out unique.jsonl --report dedup.json -q
# Gopher's min_words=50 and min_alpha_words drop 9,112 and 3,372 of the short, digit-heavy lessons: relaxed
"$PHI" data heuristics unique.jsonl --out clean.jsonl --rejected rejected.jsonl --report heuristics.json -q \
  --rule min_words=20 --rule min_alpha_words=off

# 2. DCLM-style classifier: positives = textbook lessons (seed 21) + Python tutorial/howto; negatives = other changelogs/copyrights
"$PHI" data ingest raw/neg --source neg --out neg.jsonl -q
"$PHI" data ingest raw/posdocs --source posdocs --out posdocs.jsonl -q
"$PHI" data ingest synth-pos/train.jsonl --source synth-pos --out synthpos.jsonl -q
(head -300 synthpos.jsonl; cat posdocs.jsonl) > pos.jsonl
"$PHI" data train-classifier --positive pos.jsonl --negative neg.jsonl --embed-model "$REPO/models/phi4j-tiny.gguf" \
  --head logistic --max-tokens 128 --out clf -q
"$PHI" data score clean.jsonl --classifier clf --out scored.jsonl -q
"$PHI" data filter scored.jsonl --top-percent "$TOP" --out filtered.jsonl -q

# 3. same tokenizer, two equal runs
if [ -z "${TOKENIZER:-}" ]; then
  "$PHI" data synth --out tok-corpus --tokens 40000000 --seed 1
  "$PHI" data train-tokenizer tok-corpus/train.jsonl --vocab 4096 --split-digits --out tok
  TOKENIZER=tok
fi
"$PHI" data tokenize clean.jsonl --tokenizer "$TOKENIZER" --out shards-unfiltered
"$PHI" data tokenize filtered.jsonl --tokenizer "$TOKENIZER" --out shards-filtered
for v in unfiltered filtered; do
  "$PHI" train --arch "$ARCH" --data "shards-$v" --out "run-$v" --steps "$STEPS" --batch "$BATCH" --ctx "$CTX" \
    --lr 1e-3 --warmup 50 --eval-every 200 --seed 1337
done

# 4. held-out textbook text and evals
python3 -c "import json; L=[json.loads(l)['text'] for l in open('heldout/heldout.jsonl')]; open('heldout.txt','w').write('\n\n'.join(L[:600]))"
for v in unfiltered filtered; do
  ck=$(ls -d run-$v/checkpoints/step-* | tail -1)
  "$PHI" quantize "$ck" "$v.gguf" -t f32 -q
  "$PHI" score -m "$v.gguf" -f heldout.txt --ppl --ctx "$CTX" | tail -1 | tee "ppl-$v.txt"
  # the model's context is 256: the default 256 generated tokens would leave no room for the prompt
  "$PHI" eval -m "$v.gguf" --tasks textbooks --data heldout/heldout.jsonl --limit 200 --max-gen-tokens 64 -o "eval-textbooks-$v.json"
  "$PHI" eval -m "$v.gguf" --tasks piqa,arc_easy --data "$SHARED/data/eval" --limit 200 -o "eval-mc-$v.json"
done

# 5. the other direction: text neither model trained on, from the "web" side
ls raw/neg | head -40 | sed 's|^|raw/neg/|' | xargs cat > heldout-web.txt     # changelogs/copyrights outside the corpus
cat raw/posdocs/*tutorial* > heldout-pytut.txt                                # Python tutorial (a classifier positive)
for v in unfiltered filtered; do for t in web pytut; do
  echo "$v $t $("$PHI" score -m "$v.gguf" -f "heldout-$t.txt" --ppl --ctx "$CTX" | tail -1)"
done; done
