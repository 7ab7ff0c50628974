#!/usr/bin/env bash
# Training throughput: phi4j vs karpathy/llm.c's CPU trainer train_gpt2.c, same model size, batch and context,
# same thread count. llm.c is not part of phi4j: build it yourself, outside this repository, with the context
# set to 256 (train_gpt2.c hard-codes B = 4 and T = 64 in main(); change T to 256), OpenMP on:
#     gcc -Ofast -march=native -fopenmp -DOMP train_gpt2.c -lm -o train_gpt2
# then
#     LLM_C_DIR=/path/to/that/build bench/train-vs-llmc.sh [STEPS] [THREADS]
#
# Both train a GPT-2-small-sized model (hidden 768, 12 layers, 12 heads, MLP 3072, vocab 50304 padded) on
# B=4 x T=256 token batches. llm.c: GPT-2 (learned positions, tied output matrix); phi4j: the Phi block (rotary,
# parallel attention + MLP, untied output matrix with bias) - the same matmul FLOPs per token up to the output
# bias. Reported: mean step time after the first step, tokens/s, and phi4j's MFU against the measured peak of
# its own matmul kernel (PaLM's 6N + 12LHT FLOPs per token). llm.c's steps exclude its evaluation passes.
# Also reported: CPU seconds per step (process user + system time), which depend far less than wall-clock time
# on other jobs sharing the machine (OpenMP's spin-waiting counts as CPU time for llm.c).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${1:-8}"
THREADS="${2:-2}"
: "${LLM_C_DIR:?set LLM_C_DIR to the directory holding your train_gpt2 binary (built with T = 256)}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/llmc-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

python3 "$ROOT/bench/llmc_inputs.py" "$WORK"
echo "== llm.c train_gpt2 ($THREADS threads, B=4 T=256); load average: $(cut -d" " -f1-3 /proc/loadavg)"
# stdbuf: llm.c's printf is block-buffered into a file; line buffering lets us see each step as it ends.
(cd "$WORK" && OMP_NUM_THREADS="$THREADS" exec stdbuf -oL "$LLM_C_DIR/train_gpt2" > "$WORK/llmc.log" 2>&1) &
LPID=$!
SEEN=0
: > "$WORK/llmc-cpu.log"
while kill -0 "$LPID" 2>/dev/null; do
  N=$(grep -c '^step .*took' "$WORK/llmc.log" || true)
  if (( N > SEEN )); then
    # CPU seconds the process has used when step N-1 ends (utime + stime, in clock ticks)
    echo "$N $(awk '{print $14 + $15}' "/proc/$LPID/stat")" >> "$WORK/llmc-cpu.log"
    SEEN=$N
  fi
  if (( N >= STEPS )); then kill "$LPID"; break; fi
  sleep 0.2
done
wait "$LPID" 2>/dev/null || true
grep '^step' "$WORK/llmc.log" || { cat "$WORK/llmc.log"; exit 1; }
LLMC_MS=$(grep -o 'took [0-9.]*' "$WORK/llmc.log" | awk 'NR>1 {s+=$2; n++} END {if (n) printf "%.1f", s/n}')
TICK=$(getconf CLK_TCK)
LLMC_CPU=$(awk -v tick="$TICK" 'NR==1 {first=$2; n0=$1} {last=$2; n=$1} END {if (n > n0) printf "%.1f", (last-first)/tick/(n-n0)}' "$WORK/llmc-cpu.log")

echo "== phi4j ($THREADS threads, B=4 T=256); load average: $(cut -d" " -f1-3 /proc/loadavg)"
cd "$ROOT"
if [[ ! -f phi4j-cli/target/phi4j-cli.jar ]]; then ./phi --version >/dev/null; fi
"${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" --add-modules jdk.incubator.vector -Xmx8g -XX:+UseTransparentHugePages \
  -cp "phi4j-cli/target/phi4j-cli.jar:phi4j-cli/target/lib/*" io.phi4j.train.TrainBench gpt2-small 4 256 "$STEPS" "$THREADS" 50304 \
  2>&1 | grep -v 'incubator modules' | tee "$WORK/phi4j.log"
PHI_S=$(grep -o '"mean_step_s":[0-9.]*' "$WORK/phi4j.log" | cut -d: -f2)
MFU=$(grep -o '"mfu_mean":[0-9.]*' "$WORK/phi4j.log" | cut -d: -f2)
PEAK=$(grep -o '"peak_gflops":[0-9.]*' "$WORK/phi4j.log" | cut -d: -f2)
PHI_CPU=$(grep -o '"mean_step_cpu_s":[0-9.]*' "$WORK/phi4j.log" | cut -d: -f2)
awk -v l="$LLMC_MS" -v p="$PHI_S" -v mfu="$MFU" -v peak="$PEAK" -v lc="$LLMC_CPU" -v pc="$PHI_CPU" 'BEGIN {
  lt = 1024 / (l / 1000); pt = 1024 / p;
  printf "\nwall clock:  llm.c %.0f ms/step = %.1f tokens/s; phi4j %.0f ms/step = %.1f tokens/s (%.2fx llm.c)\n", l, lt, p * 1000, pt, pt / lt;
  if (lc > 0 && pc > 0) printf "CPU time:    llm.c %.1f CPU-s/step; phi4j %.1f CPU-s/step (%.2fx less)\n", lc, pc, lc / pc;
  printf "phi4j MFU %.1f%% of %.1f GFLOPS (its own matmul kernel peak on %s threads)\n", mfu * 100, peak, '"$THREADS"' }'
