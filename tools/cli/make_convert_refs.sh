#!/usr/bin/env bash
# Reference data for `phi convert` and `phi quantize`: what llama.cpp's own tools write for the same inputs, and
# llama.cpp's per-token log-probabilities on files that phi itself wrote. Output:
#   phi4j-core/src/test/resources/reference/convert/llamacpp-convert.json
# read by io.phi4j.convert.LlamaCppConvertReferenceTest (no Python, node or llama.cpp needed to run that test).
#
# 1. A tiny Phi model with the full Phi-2 tokenizer (tiny-init-config.json: hidden 64, 8 layers, MLP 256, vocab
#    51200), written by `phi init --seed 1 --dtype f32` as a Hugging Face directory named tiny-init, is converted
#    by llama.cpp's convert_hf_to_gguf.py (--outtype f32, f16, bf16, q8_0); the F32 result is quantized by
#    llama-quantize to every type phi writes, with and without --pure. Recorded: SHA-256 of every file. Rows of
#    64 and 256 values exercise llama.cpp's K-quant fallbacks and its Q4_K_M / Q5_K_M layer choices.
# 2. The small reference model (reference/small-phi2/small-phi2-F16.gguf) is converted by phi to a Hugging Face
#    directory (F32), a legacy phi-msft copy is made (make_legacy_copy.py), and phi converts both back to GGUF in
#    many types (and quantizes one with `phi quantize`). node-llama-cpp evaluates every such file on the three
#    sequences of reference/small-phi2/tokens.json. Recorded: SHA-256 of each file phi wrote, llama.cpp's argmax and
#    log-probability of the actual next token at every position.
#
# Needs, all outside this repository:
#   LLAMA_CPP_DIR  a llama.cpp source tree (convert_hf_to_gguf.py, gguf-py); the committed data used the v0.4.0
#                  source that node-llama-cpp@3.21.1 carries
#   LLAMA_CPP_BIN  a directory with llama-quantize built from that source
#   NLC_DIR        node-llama-cpp@3.21.1 (see tools/reference/README.md)
#   PYTHON         a python with torch, transformers, numpy, safetensors (convert_hf_to_gguf.py needs them)
# Run from the project root: LLAMA_CPP_DIR=… LLAMA_CPP_BIN=… NLC_DIR=… PYTHON=… tools/cli/make_convert_refs.sh
set -euo pipefail
: "${LLAMA_CPP_DIR:?}" "${LLAMA_CPP_BIN:?}" "${NLC_DIR:?}" "${PYTHON:?}"
export NLC_DIR
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DEST=${DEST:-$ROOT/phi4j-core/src/test/resources/reference/convert}
SMALL=$ROOT/phi4j-core/src/test/resources/reference/small-phi2
WORK=${WORK:-$(mktemp -d /tmp/phi4j-convert-refs.XXXXXX)}
PHI="$ROOT/phi"
mkdir -p "$WORK/tiny" "$WORK/small" "$WORK/nlc"
echo "scratch: $WORK"

# 1. Tiny model: llama.cpp's converter and quantizer.
"$PHI" init --config "$DEST/tiny-init-config.json" --seed 1 --dtype f32 --out "$WORK/tiny/tiny-init" -q
for t in f32 f16 bf16 q8_0; do
  (cd "$LLAMA_CPP_DIR" && PYTHONPATH=gguf-py "$PYTHON" convert_hf_to_gguf.py "$WORK/tiny/tiny-init" --outtype "$t" \
      --outfile "$WORK/tiny/convert-$t.gguf" > "$WORK/tiny/convert-$t.log" 2>&1) || { cat "$WORK/tiny/convert-$t.log"; exit 1; }
done
for t in Q8_0 Q4_0 Q4_1 Q5_0 Q5_1 Q4_K_M Q5_K_M Q6_K; do
  "$LLAMA_CPP_BIN/llama-quantize" "$WORK/tiny/convert-f32.gguf" "$WORK/tiny/quantize-$t.gguf" "$t" 2 > "$WORK/tiny/q-$t.log" 2>&1
  "$LLAMA_CPP_BIN/llama-quantize" --pure "$WORK/tiny/convert-f32.gguf" "$WORK/tiny/quantize-$t-pure.gguf" "$t" 2 > "$WORK/tiny/q-$t-pure.log" 2>&1
done

# 2. Small model: files written by phi, evaluated by llama.cpp.
"$PHI" convert "$SMALL/small-phi2-F16.gguf" "$WORK/small/small-phi2" --type f32 -q
"$PYTHON" "$HERE/make_legacy_copy.py" "$WORK/small/small-phi2" "$WORK/small/small-phi2-msft"
EVAL=()
for t in f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k; do
  "$PHI" convert "$WORK/small/small-phi2" "$WORK/small/convert-$t.gguf" --type "$t" -q
  EVAL+=("$WORK/small/convert-$t.gguf")
done
"$PHI" convert "$WORK/small/small-phi2" "$WORK/small/convert-q4_k-pure.gguf" --type q4_k --pure -q
"$PHI" convert "$WORK/small/small-phi2-msft" "$WORK/small/convert-msft-q8_0.gguf" --type q8_0 -q
"$PHI" quantize "$WORK/small/convert-f16.gguf" "$WORK/small/quantize-q5_k.gguf" --type q5_k -q
EVAL+=("$WORK/small/convert-q4_k-pure.gguf" "$WORK/small/convert-msft-q8_0.gguf" "$WORK/small/quantize-q5_k.gguf")
node "$ROOT/tools/reference/llamacpp_logprobs.mjs" eval "$SMALL/tokens.json" "$WORK/nlc" "${EVAL[@]}"

# 3. Summary.
"$PYTHON" - "$WORK" "$DEST/llamacpp-convert.json" "$LLAMA_CPP_BIN/llama-quantize" <<'PY'
import hashlib, json, subprocess, sys
from pathlib import Path
work, out, quantize = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
sha = lambda p: hashlib.sha256(Path(p).read_bytes()).hexdigest()
first_line = (work / "tiny" / "q-Q8_0.log").read_text().splitlines()[0].strip()
tiny = {
    "config": "tiny-init-config.json", "seed": 1, "dirName": "tiny-init",
    "inputSha256": sha(work / "tiny" / "tiny-init" / "model.safetensors"),
    "convert_hf_to_gguf": {t: sha(work / "tiny" / f"convert-{t}.gguf") for t in ("f32", "f16", "bf16", "q8_0")},
    "llama_quantize": {p.stem[len("quantize-"):]: sha(p) for p in sorted((work / "tiny").glob("quantize-*.gguf"))},
}
small = {"hfSha256": sha(work / "small" / "small-phi2" / "model.safetensors"),
         "legacySha256": sha(work / "small" / "small-phi2-msft" / "model.safetensors"), "files": {}}
producer = None
for j in sorted((work / "nlc").glob("llamacpp-*.json")):
    meta = json.loads(j.read_text())
    stem = meta["model"][:-len(".gguf")]
    producer = meta["producer"]
    small["files"][stem] = {"sha256": sha(work / "small" / meta["model"]), "sequences": meta["sequences"]}
out.write_text(json.dumps({
    "about": "made by tools/cli/make_convert_refs.sh; see that script",
    "versions": {"llamaQuantize": first_line, "llamaCppEval": producer},
    "tiny": tiny, "smallPhi2": small}, indent=1) + "\n")
print(f"wrote {out}: {len(tiny['llama_quantize'])} llama-quantize files, {len(small['files'])} llama.cpp evaluations")
PY
