#!/usr/bin/env bash
# HellaSwag throughput: phi eval vs llama.cpp's llama-perplexity --hellaswag, same model, same tasks, 2 threads.
#
#   bench/hellaswag_throughput.sh [N_TASKS] [MODEL.gguf] [LLAMA_PERPLEXITY]
#
# Defaults: 400 tasks (the first N of ../shared/data/eval/hellaswag/hellaswag_val_full.txt.bz2), the tiny random
# Phi-2 F32 GGUF, /work/.cache/llama-src/build/bin/llama-perplexity. Each tool is timed from process start to
# exit (model loading included for both); phi eval also reports its scoring rate alone (results.json
# items_per_second). The two --scoring modes are timed: llamacpp does exactly llama-perplexity's work, harness
# scores each ending as lm-evaluation-harness does. Machines here are shared and noisy: compare the ratio.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-400}"
SHARED="${PHI4J_SHARED:-$ROOT/../shared}"
MODEL="${2:-$SHARED/fixtures/tiny-phi2/gguf/phi2-tiny-random-std0.1-F32.gguf}"
LLAMA="${3:-/work/.cache/llama-src/build/bin/llama-perplexity}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 -c "import bz2,sys; l=bz2.open(sys.argv[1],'rt',encoding='utf-8').read().split('\n'); open(sys.argv[2],'w',encoding='utf-8').write('\n'.join(l[:6*int(sys.argv[3])])+'\n')" \
  "$SHARED/data/eval/hellaswag/hellaswag_val_full.txt.bz2" "$TMP/hellaswag.txt" "$N"

PHI_KEEP_JVM_WARNINGS=1 "$ROOT/phi" --version >/dev/null 2>&1 || true # build once, outside the timing

now() { date +%s.%N; }
rate() { python3 -c "print(f'{$1 / ($3 - $2):.2f}')"; }

t0=$(now)
"$LLAMA" -m "$MODEL" -t 2 -c 2048 -b 2048 --no-warmup -f "$TMP/hellaswag.txt" --hellaswag --hellaswag-tasks "$N" \
  >"$TMP/llama.out" 2>"$TMP/llama.err"
t1=$(now)
llama_acc=$(tail -n 3 "$TMP/llama.out" | grep -E '^[0-9]+' | tail -n 1 | cut -f2)

for mode in llamacpp harness; do
  s=$(now)
  PHI_JAVA_OPTS="-Dphi4j.threads=2 ${PHI_JAVA_OPTS:-}" PHI_KEEP_JVM_WARNINGS=1 "$ROOT/phi" eval -m "$MODEL" --tasks hellaswag \
    --data "$TMP/hellaswag.txt" --scoring "$mode" --no-progress -o "$TMP/$mode.json" >"$TMP/$mode.md" 2>/dev/null
  e=$(now)
  eval "${mode}_wall=$(rate "$N" "$s" "$e")"
  eval "${mode}_inner=$(python3 -c "import json; print(f\"{json.load(open('$TMP/$mode.json'))['configs']['hellaswag']['items_per_second']:.2f}\")")"
  eval "${mode}_acc=$(grep '| hellaswag' "$TMP/$mode.md" | head -n 1 | cut -d"|" -f5 | tr -d ' ')"
done

llama_rate=$(rate "$N" "$t0" "$t1")
echo "HellaSwag, $N tasks, 2 threads, $(basename "$MODEL")"
printf '%-44s %10s %12s\n' "" "items/s" "accuracy"
printf '%-44s %10s %12s\n' "llama-perplexity --hellaswag (wall)" "$llama_rate" "$llama_acc"
printf '%-44s %10s %12s\n' "phi eval --scoring llamacpp (wall)" "$llamacpp_wall" "$llamacpp_acc"
printf '%-44s %10s %12s\n' "phi eval --scoring llamacpp (scoring only)" "$llamacpp_inner" ""
printf '%-44s %10s %12s\n' "phi eval --scoring harness (wall)" "$harness_wall" "$harness_acc"
printf '%-44s %10s %12s\n' "phi eval --scoring harness (scoring only)" "$harness_inner" ""
python3 -c "print(f'phi eval / llama.cpp (wall, llamacpp scoring): {$llamacpp_wall / $llama_rate:.2f}x')"
