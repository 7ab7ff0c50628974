#!/usr/bin/env bash
# Knowledge-transfer experiment (docs/knowledge-transfer.md): train a small model, grow it (HyperCloning width x2 +
# identity-block depth x2), continue training; compare with the large model trained from scratch, validation
# loss against model FLOPs. Byte-level tokens of the Python standard library's source (a corpus every machine with
# python3 has; Phi-1 was trained on code).
#
#   docs/experiments/knowledge-transfer/run.sh OUT_DIR        (about an hour on 2 busy cores; 25 min when quiet)
#
# PHI may name another launcher (default ./phi). Results: OUT_DIR/{small,grown,scratch}/metrics.jsonl, then
#   java ... io.phi4j.train.run.CompareRuns (see knowledge-transfer.md) draws the plot.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${1:?usage: run.sh OUT_DIR}"
PHI="${PHI:-$ROOT/phi}"
mkdir -p "$OUT"
PY="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"

if [[ ! -f "$OUT/data/dataset.json" ]]; then
  python3 "$HERE/make_byte_tokenizer.py" "$OUT/bytetok"
  find "$PY" -name '*.py' -not -path '*/test/*' -not -path '*/tests/*' -not -path '*/idlelib/*' | sort > "$OUT/files.txt"
  # shellcheck disable=SC2046
  "$PHI" data tokenize $(cat "$OUT/files.txt") --tokenizer "$OUT/bytetok" --out "$OUT/data" --val-fraction 0.03
fi

COMMON=(--data "$OUT/data" --batch 8 --ctx 256 --weight-decay 0.1 --beta2 0.95 --clip 1.0
        --eval-every 50 --eval-batches 8 --save-every 400 --threads "${THREADS:-2}" --seed 1)
SMALL="tiny,hidden=128,heads=4,layers=2,ff=512,ctx=256"
LARGE="tiny,hidden=256,heads=8,layers=4,ff=1024,ctx=256"
SMALL_STEPS="${SMALL_STEPS:-1200}"
LARGE_STEPS="${LARGE_STEPS:-600}"

# 1. the small model
[[ -f "$OUT/small/checkpoints/latest" && -f "$OUT/small/report.html" ]] ||
  "$PHI" train --arch "$SMALL" "${COMMON[@]}" --steps "$SMALL_STEPS" --lr 2e-3 --warmup 100 --out "$OUT/small"
# 2. grown to the large shape: width x2 (HyperCloning, noise 1% to break the copies' symmetry), depth x2
[[ -f "$OUT/grown-init/model.safetensors" ]] ||
  "$PHI" grow --from "$OUT/small/checkpoints/$(cat "$OUT/small/checkpoints/latest")" --to-arch "$LARGE" \
    --noise 0.01 --out "$OUT/grown-init"
# 3. the grown model trained on, and 4. the large model from scratch (the two runs go side by side)
[[ -f "$OUT/grown/report.html" ]] ||
  "$PHI" train --init "$OUT/grown-init" "${COMMON[@]}" --steps "$LARGE_STEPS" --lr 2e-3 --warmup 50 --out "$OUT/grown" &
[[ -f "$OUT/scratch/report.html" ]] ||
  "$PHI" train --arch "$LARGE" "${COMMON[@]}" --steps "$LARGE_STEPS" --lr 2e-3 --warmup 100 --out "$OUT/scratch" &
wait
# 5. (added after the first result) the grown model again with a lower peak learning rate, 1e-3
[[ -f "$OUT/grown-lr1e-3/report.html" ]] ||
  "$PHI" train --init "$OUT/grown-init" "${COMMON[@]}" --steps "$LARGE_STEPS" --lr 1e-3 --min-lr 2e-4 --warmup 50 --out "$OUT/grown-lr1e-3"

# 6.-8. (added in a second session) cheaper schedules for the two stages.
# 6. the grown model from the same small model with a 300-step schedule instead of 600
[[ -f "$OUT/grown-s300/report.html" ]] ||
  "$PHI" train --init "$OUT/grown-init" "${COMMON[@]}" --steps 300 --lr 2e-3 --warmup 50 --out "$OUT/grown-s300"
# 7. a small model trained for half as long (600 steps, its own cosine schedule), grown, 400 and 300 steps
[[ -f "$OUT/small600/report.html" ]] ||
  "$PHI" train --arch "$SMALL" "${COMMON[@]}" --steps 600 --lr 2e-3 --warmup 100 --out "$OUT/small600"
[[ -f "$OUT/grown600-init/model.safetensors" ]] ||
  "$PHI" grow --from "$OUT/small600/checkpoints/$(cat "$OUT/small600/checkpoints/latest")" --to-arch "$LARGE" \
    --noise 0.01 --out "$OUT/grown600-init"
for steps in 400 300; do
  [[ -f "$OUT/grown600-s$steps/report.html" ]] ||
    "$PHI" train --init "$OUT/grown600-init" "${COMMON[@]}" --steps "$steps" --lr 2e-3 --warmup 50 --out "$OUT/grown600-s$steps"
done
# 8. warm-up-stable-decay: the small model at a constant learning rate (800 steps, never annealed), grown, and the
#    grown model continues at the same peak (10 warm-up steps, no re-warming from a low rate) and anneals over 300
[[ -f "$OUT/small800-constlr/report.html" ]] ||
  "$PHI" train --arch "$SMALL" "${COMMON[@]}" --steps 800 --lr 2e-3 --min-lr 2e-3 --warmup 100 --out "$OUT/small800-constlr"
[[ -f "$OUT/grown800-constlr-init/model.safetensors" ]] ||
  "$PHI" grow --from "$OUT/small800-constlr/checkpoints/$(cat "$OUT/small800-constlr/checkpoints/latest")" \
    --to-arch "$LARGE" --noise 0.01 --out "$OUT/grown800-constlr-init"
[[ -f "$OUT/grown800-constlr-s300/report.html" ]] ||
  "$PHI" train --init "$OUT/grown800-constlr-init" "${COMMON[@]}" --steps 300 --lr 2e-3 --warmup 10 \
    --out "$OUT/grown800-constlr-s300"
