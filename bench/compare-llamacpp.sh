#!/usr/bin/env bash
# Compares phi4j with llama.cpp on the same GGUF files, same machine, same thread count, in one run.
#
#   LLAMA_CPP_BIN=/path/to/llama.cpp/build/bin bench/compare-llamacpp.sh [MODEL.gguf ...]
#
# Without model arguments it creates full-size random-weights Phi-2 files with `phi init` (Q8_0, Q4_0, F16;
# about 10 GB in $BENCH_DIR, default /tmp/phi4j-bench) — speed does not depend on weight values.
# llama.cpp is not part of phi4j: point LLAMA_CPP_BIN at your own build (it needs llama-bench).
# Settings follow llama-bench's defaults for the reference figures: -p 128 -n 32 -t 2 -r 5.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
P=${P:-128}; N=${N:-32}; T=${T:-2}; R=${R:-5}
BENCH_DIR=${BENCH_DIR:-/tmp/phi4j-bench}
: "${LLAMA_CPP_BIN:?set LLAMA_CPP_BIN to a directory with llama-bench}"
[[ -x "$LLAMA_CPP_BIN/llama-bench" ]] || { echo "no llama-bench in $LLAMA_CPP_BIN" >&2; exit 2; }

models=("$@")
if [[ ${#models[@]} -eq 0 ]]; then
  mkdir -p "$BENCH_DIR"
  for dtype in q8_0 q4_0 f16; do
    f="$BENCH_DIR/phi-2-random-$dtype.gguf"
    [[ -f "$f" ]] || "$ROOT/phi" init --arch phi-2 --seed 1 --dtype "$dtype" --out "$f" --quiet
    models+=("$f")
  done
fi

out="$(mktemp -d)"
for m in "${models[@]}"; do
  name="$(basename "$m" .gguf)"
  echo "== $name" >&2
  "$LLAMA_CPP_BIN/llama-bench" -m "$m" -p "$P" -n "$N" -t "$T" -r "$R" -o json > "$out/$name.llama.json" 2>"$out/$name.llama.err"
  "$ROOT/phi" bench -m "$m" -p "$P" -n "$N" -t "$T" -r "$R" --json > "$out/$name.phi.json"
done

python3 - "$out" "$P" "$N" "${models[@]}" <<'PY'
import json, os, sys
out, P, N, models = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
print(f"| model | test | phi4j tok/s | llama.cpp tok/s | ratio |")
print(f"|---|---|---|---|---|")
for m in models:
    name = os.path.basename(m)[:-5]
    phi = json.load(open(f"{out}/{name}.phi.json"))
    llama = json.load(open(f"{out}/{name}.llama.json"))
    rows = {}
    for r in llama:
        key = f"pp{r['n_prompt']}" if r["n_prompt"] > 0 else f"tg{r['n_gen']}"
        rows[key] = (r["avg_ts"], r["stddev_ts"])
    for key in (f"pp{P}", f"tg{N}"):
        if key in phi and key in rows:
            ours = phi[key]["tokens_per_second"]; sd = phi[key]["stddev"]
            theirs, tsd = rows[key]
            print(f"| {name} | {key} | {ours:.2f} ± {sd:.2f} | {theirs:.2f} ± {tsd:.2f} | {ours / theirs:.2f}× |")
    print(f"| {name} | peak RSS | {phi['peak_rss_bytes'] / 2**30:.2f} GiB (file {phi['file_bytes'] / 2**30:.2f} GiB) | | |")
PY
