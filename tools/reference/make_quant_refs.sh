#!/usr/bin/env bash
# Regenerate the small quantized Phi-2 reference set in phi4j-core/src/test/resources/reference/small-phi2/.
#
# Needs (none of it lives in this repository; see README.md beside this script):
#   LLAMA_CPP_BIN  a directory holding llama.cpp's llama-quantize (the committed files were made with llama.cpp
#                  release v0.4.0, the release that node-llama-cpp 3.21.1 bundles)
#   NLC_DIR        a directory where node-llama-cpp@3.21.1 + @node-llama-cpp/linux-x64@3.21.1 are npm-installed
#   python3 with numpy and gguf (pip install gguf); tokenizers optional (tokenization cross-check)
# Optional: WORK (scratch directory, default a new one under /tmp), DEST (output directory).
set -euo pipefail

: "${LLAMA_CPP_BIN:?set LLAMA_CPP_BIN to a directory containing llama-quantize}"
: "${NLC_DIR:?set NLC_DIR to the directory where node-llama-cpp@3.21.1 is installed}"
export NLC_DIR
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DEST=${DEST:-$ROOT/phi4j-core/src/test/resources/reference/small-phi2}
WORK=${WORK:-$(mktemp -d /tmp/phi4j-small-phi2.XXXXXX)}
QUANTIZE="$LLAMA_CPP_BIN/llama-quantize"
LIBGGML_BASE="$NLC_DIR/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml-base.so"
PURE_TYPES="Q8_0 Q4_0 Q4_1 Q5_0 Q5_1 Q4_K Q5_K Q6_K"
[ -x "$QUANTIZE" ] || { echo "no executable $QUANTIZE" >&2; exit 1; }
mkdir -p "$WORK/models" "$WORK/out"
echo "scratch: $WORK"

# 1. The model: F32 (scratch only) and F16 (committed) with identical weight values.
python3 "$HERE/make_small_quant_model.py" "$WORK/models"
F32="$WORK/models/small-phi2-F32.gguf"

# 2. llama.cpp's quantizers, always from the F32 file. --pure: every 2-D weight (token_embd and output included)
#    gets the named type. The -mix file is llama-quantize's default Q4_0 mixture (it chooses per tensor).
quantize() { # out_name type [flags...]
    local out=$1 type=$2; shift 2
    if ! "$QUANTIZE" "$@" "$F32" "$WORK/models/$out" "$type" 2 > "$WORK/quantize-$out.log" 2>&1; then
        cat "$WORK/quantize-$out.log" >&2; exit 1
    fi
}
for t in $PURE_TYPES; do quantize "small-phi2-$t.gguf" "$t" --pure; done
quantize small-phi2-BF16.gguf BF16
quantize small-phi2-Q4_0-mix.gguf Q4_0
grep -h "converting to" "$WORK/quantize-small-phi2-Q4_0-mix.gguf.log" | sed 's/^/  mix: /' | grep -v "q4_0" || true

# 3. Token sequences (llama.cpp's tokenizer on the truncated vocabulary).
python3 "$HERE/make_tokens.py" "$WORK/models/small-phi2-F16.gguf" "$WORK/tokens.json"

# 4. llama.cpp (node-llama-cpp) log-probs and the float64 references, for every file.
MODELS=("$WORK"/models/small-phi2-*.gguf)
node "$HERE/llamacpp_logprobs.mjs" eval "$WORK/tokens.json" "$WORK/out" "${MODELS[@]}"
python3 "$HERE/f64_reference.py" --check-dequant "$LIBGGML_BASE" "${MODELS[@]}"
python3 "$HERE/f64_reference.py" "$WORK/tokens.json" "$WORK/out" "${MODELS[@]}"

# 5. Versions, then install into DEST (everything but the F32 model and its rows) and write index.json.
python3 - "$WORK/quantize-small-phi2-Q8_0.gguf.log" "$WORK/versions.json" <<'EOF'
import json, subprocess, sys, platform
import numpy
from importlib.metadata import version
# llama-quantize prints its version (release, build number, commit) as the first line of its log
first = open(sys.argv[1], encoding="utf-8").readline().strip()
node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
json.dump({"llamaQuantize": first, "node": node, "python": platform.python_version(),
           "numpy": numpy.__version__, "gguf": version("gguf")}, open(sys.argv[2], "w"), indent=1)
EOF
mkdir -p "$DEST"
rm -f "$DEST"/small-phi2-*.gguf "$DEST"/llamacpp-*.f32 "$DEST"/f64-*.f32 "$DEST"/index.json
for m in "${MODELS[@]}"; do
    stem=$(basename "$m" .gguf)
    [ "$stem" = small-phi2-F32 ] && continue
    cp "$m" "$DEST/"
    cp "$WORK/out/llamacpp-$stem.logprobs.f32" "$WORK/out/f64-$stem.logits.f32" "$DEST/"
done
cp "$WORK/tokens.json" "$DEST/tokens.json"
python3 "$HERE/summarize_refs.py" "$WORK/out" "$DEST" "$DEST/tokens.json" "$WORK/versions.json" | tee "$WORK/tolerances.md"
du -sh "$DEST"

# 6. How much of llama.cpp's deviation its activation rounding explains (printed only; see README.md).
python3 "$HERE/llamacpp_emulation.py" "$WORK/tokens.json" "$WORK/out" "${MODELS[@]}" | tee -a "$WORK/tolerances.md"
