#!/usr/bin/env bash
# After run.sh: copies the three runs' metrics.jsonl into results/ and draws docs/knowledge-transfer-loss.svg
# (validation loss against model FLOPs; the grown run's FLOPs start at the small run's total), printing how much
# compute each run needs to reach the from-scratch run's final validation loss.
#   docs/experiments/knowledge-transfer/plot.sh OUT_DIR
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${1:?usage: plot.sh OUT_DIR}"
mkdir -p "$HERE/results"
for r in small grown scratch grown-lr1e-3; do
  [[ -f "$OUT/$r/metrics.jsonl" ]] && cp "$OUT/$r/metrics.jsonl" "$HERE/results/$r.metrics.jsonl"
done
EXTRA=()
[[ -f "$HERE/results/grown-lr1e-3.metrics.jsonl" ]] && EXTRA=("grown, lr 1e-3=$HERE/results/grown-lr1e-3.metrics.jsonl+SMALL")
SMALL_FLOPS=$(grep '"val_loss"' "$HERE/results/small.metrics.jsonl" | tail -1 | sed 's/.*"flops":\([0-9.eE+-]*\).*/\1/')
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[[ -f "$ROOT/phi4j-cli/target/phi4j-cli.jar" ]] || "$ROOT/phi" --version >/dev/null
"$JAVA" -cp "$ROOT/phi4j-cli/target/phi4j-cli.jar:$ROOT/phi4j-cli/target/lib/*" io.phi4j.train.run.CompareRuns \
  "$ROOT/docs/knowledge-transfer-loss.svg" scratch \
  "small=$HERE/results/small.metrics.jsonl" "grown=$HERE/results/grown.metrics.jsonl+$SMALL_FLOPS" \
  "scratch=$HERE/results/scratch.metrics.jsonl" "${EXTRA[@]/+SMALL/+$SMALL_FLOPS}"
