#!/usr/bin/env bash
# Reference scores from llama.cpp's own llama-perplexity (--hellaswag, --winogrande, --multiple-choice) on the
# tiny random Phi-2 (F32 GGUF), for phi4j-eval's LlamaCppParityTest (phi eval --scoring llamacpp).
# usage: tools/eval-reference/run_llamacpp.sh [LLAMA_PERPLEXITY] ; writes phi4j-eval/src/test/resources/reference/llamacpp/
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${1:-/work/.cache/llama-src/build/bin/llama-perplexity}"
SHARED="${PHI4J_SHARED:-$ROOT/../shared}"
MODEL="$SHARED/fixtures/tiny-phi2/gguf/phi2-tiny-random-std0.1-F32.gguf"
OUT="$ROOT/phi4j-eval/src/test/resources/reference/llamacpp"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
python3 "$ROOT/tools/eval-reference/make_llamacpp_inputs.py" "$SHARED/data/eval" "$TMP"
cp "$TMP/winogrande-300.csv" "$OUT/"
common=(-m "$MODEL" -t 2 -c 2048 -b 2048 --no-warmup)
"$BIN" "${common[@]}" -f "$TMP/hellaswag-400.txt" --hellaswag --hellaswag-tasks 400 >"$OUT/hellaswag-400.out" 2>"$TMP/hs.err"
"$BIN" "${common[@]}" -f "$TMP/winogrande-300.csv" --winogrande >"$OUT/winogrande-300.out" 2>"$TMP/wg.err"
"$BIN" "${common[@]}" -bf "$TMP/arc_easy-300.bin" --multiple-choice >"$OUT/arc_easy-300.out" 2>"$TMP/mc.err"
grep -h -E "Final|build:" "$TMP"/*.err >"$OUT/final-lines.txt" || true
echo "wrote $OUT"
