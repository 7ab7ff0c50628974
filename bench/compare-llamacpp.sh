#!/usr/bin/env bash
# Compares phi4j with llama.cpp on the same GGUF files, same machine, same thread count, in one run.
#
#   LLAMA_CPP_BIN=/path/to/llama.cpp/build/bin bench/compare-llamacpp.sh [MODEL.gguf ...]
#   NLC_DIR=/path/to/node-llama-cpp-install bench/compare-llamacpp.sh [MODEL.gguf ...]
#
# Without model arguments it creates full-size random-weights Phi-2 files with `phi init` (Q8_0, Q4_0, F16;
# about 10 GB in $BENCH_DIR, default /tmp/phi4j-bench) — speed does not depend on weight values.
# llama.cpp is not part of phi4j. Either point LLAMA_CPP_BIN at your own build (it needs llama-bench), or, when
# LLAMA_CPP_BIN is unset, NLC_DIR at an install of the npm package node-llama-cpp@3.21.1 (prebuilt llama.cpp;
# install command in bench/llamacpp-bench.mjs, which runs llama-bench's pp and tg tests through it).
# Settings follow llama-bench's defaults for the reference figures: -p 128 -n 32 -t 2 -r 5.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
P=${P:-128}; N=${N:-32}; T=${T:-2}; R=${R:-5}
TTFT_RUNS=${TTFT_RUNS:-3}
TTFT_PROMPT=$'Instruct: Write a short poem about the sea.\nOutput:'
BENCH_DIR=${BENCH_DIR:-/tmp/phi4j-bench}
if [[ -n "${LLAMA_CPP_BIN:-}" ]]; then
  [[ -x "$LLAMA_CPP_BIN/llama-bench" ]] || { echo "no llama-bench in $LLAMA_CPP_BIN" >&2; exit 2; }
  llama_bench() { "$LLAMA_CPP_BIN/llama-bench" -m "$1" -p "$P" -n "$N" -t "$T" -r "$R" -o json; }
elif [[ -n "${NLC_DIR:-}" ]]; then
  command -v node >/dev/null || { echo "NLC_DIR is set but node is not on PATH" >&2; exit 2; }
  llama_bench() { NLC_DIR="$NLC_DIR" node "$ROOT/bench/llamacpp-bench.mjs" -m "$1" -p "$P" -n "$N" -t "$T" -r "$R"; }
else
  echo "set LLAMA_CPP_BIN to a directory with llama-bench, or NLC_DIR to an install of node-llama-cpp@3.21.1" >&2
  exit 2
fi

# wall_ms FILE CMD…: runs CMD (output discarded) and appends its wall time in milliseconds to FILE.
wall_ms() {
  local file=$1 s
  shift
  s=$(date +%s%N)
  "$@" > /dev/null
  echo $(( ($(date +%s%N) - s) / 1000000 )) >> "$file"
}

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
  llama_bench "$m" > "$out/$name.llama.json" 2>"$out/$name.llama.err" || { cat "$out/$name.llama.err" >&2; exit 1; }
  "$ROOT/phi" bench -m "$m" -p "$P" -n "$N" -t "$T" -r "$R" --json > "$out/$name.phi.json"
  # Time to first token after start: process spawn to exit of a one-token greedy run on the same prompt, each
  # tool started fresh (page cache warm for both: the runs above read the file). Alternated, TTFT_RUNS each.
  if [[ -n "${NLC_DIR:-}" ]]; then
    for ((i = 0; i < TTFT_RUNS; i++)); do
      wall_ms "$out/$name.llama.ttft" env NLC_DIR="$NLC_DIR" node "$ROOT/bench/llamacpp-bench.mjs" -m "$m" -t "$T" \
        --first-token "$TTFT_PROMPT"
      wall_ms "$out/$name.phi.ttft" "$ROOT/phi" generate -m "$m" -n 1 --temp 0 --threads "$T" -q --no-escape \
        -p "$TTFT_PROMPT"
    done
  fi
done

python3 - "$out" "$P" "$N" "${models[@]}" <<'PY'
import json, os, sys
out, P, N, models = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
def which_llama(rows):
    # which llama.cpp produced the figures: llama-bench's own build fields, or node-llama-cpp's extra ones
    r = rows[0] if rows else {}
    if "node_llama_cpp" in r:
        return (f"node-llama-cpp {r['node_llama_cpp']} (llama.cpp {r.get('llama_cpp_release')}, "
                f"CPU backend {r.get('cpu_backend')}), {r.get('n_threads')} threads")
    return (f"llama-bench build {r.get('build_number')} ({r.get('build_commit')}, backends {r.get('backends')}), "
            f"{r.get('n_threads')} threads")
used = sorted({which_llama(json.load(open(f"{out}/{os.path.basename(m)[:-5]}.llama.json"))) for m in models})
print(f"llama.cpp: {'; '.join(used)}")
print()
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
    ttft = {}
    for tool in ("phi", "llama"):
        f = f"{out}/{name}.{tool}.ttft"
        if os.path.exists(f):
            ms = sorted(int(x) for x in open(f).read().split())
            ttft[tool] = ms[len(ms) // 2]
    if len(ttft) == 2:
        print(f"| {name} | start → first token (median ms, lower is better) | {ttft['phi']} | {ttft['llama']} |"
              f" {ttft['phi'] / ttft['llama']:.2f}× |")
    print(f"| {name} | peak RSS | {phi['peak_rss_bytes'] / 2**30:.2f} GiB (file {phi['file_bytes'] / 2**30:.2f} GiB) | | |")
PY
