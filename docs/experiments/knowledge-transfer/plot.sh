#!/usr/bin/env bash
# After run.sh: copies the runs' metrics.jsonl into results/ and draws docs/knowledge-transfer-loss.svg
# (validation loss against model FLOPs; the grown run's FLOPs start at the small run's total), printing how much
# compute each run needs to reach the from-scratch run's final validation loss.
#   docs/experiments/knowledge-transfer/plot.sh OUT_DIR
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${1:?usage: plot.sh OUT_DIR}"
mkdir -p "$HERE/results"
for r in small grown scratch grown-lr1e-3 grown-s300 small600 grown600-s400 grown600-s300 small800-constlr \
         grown800-constlr-s300; do
  [[ ! -f "$OUT/$r/metrics.jsonl" ]] || cp "$OUT/$r/metrics.jsonl" "$HERE/results/$r.metrics.jsonl"
done
R="$HERE/results"
final_flops() { grep '"val_loss"' "$R/$1.metrics.jsonl" | tail -1 | sed 's/.*"flops":\([0-9.eE+-]*\).*/\1/'; }
S1=$(final_flops small); S6=$(final_flops small600); S8=$(final_flops small800-constlr)
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[[ -f "$ROOT/phi4j-cli/target/phi4j-cli.jar" ]] || "$ROOT/phi" --version >/dev/null
CP="$ROOT/phi4j-cli/target/phi4j-cli.jar:$ROOT/phi4j-cli/target/lib/*"
# The figure: the from-scratch run, the first growth run and the best one (with their small models); every run's
# figures are printed by the second call (its plot goes to a scratch file).
"$JAVA" -cp "$CP" io.phi4j.train.run.CompareRuns "$ROOT/docs/knowledge-transfer-loss.svg" scratch \
  "scratch=$R/scratch.metrics.jsonl" "small-1200 (cosine lr)=$R/small.metrics.jsonl" \
  "grown from small-1200, 600 steps=$R/grown.metrics.jsonl+$S1" \
  "small-800-const (constant lr)=$R/small800-constlr.metrics.jsonl" \
  "grown from small-800-const, 300 steps=$R/grown800-constlr-s300.metrics.jsonl+$S8"
"$JAVA" -cp "$CP" io.phi4j.train.run.CompareRuns "$(mktemp --suffix .svg)" scratch \
  "small=$R/small.metrics.jsonl" "grown=$R/grown.metrics.jsonl+$S1" "scratch=$R/scratch.metrics.jsonl" \
  "grown, lr 1e-3=$R/grown-lr1e-3.metrics.jsonl+$S1" "grown, 300-step schedule=$R/grown-s300.metrics.jsonl+$S1" \
  "small, 600 steps=$R/small600.metrics.jsonl" "grown from small-600, 400 steps=$R/grown600-s400.metrics.jsonl+$S6" \
  "grown from small-600, 300 steps=$R/grown600-s300.metrics.jsonl+$S6" \
  "small, 800 steps, constant lr=$R/small800-constlr.metrics.jsonl" \
  "grown from it, 300 steps=$R/grown800-constlr-s300.metrics.jsonl+$S8"
