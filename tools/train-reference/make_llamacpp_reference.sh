#!/usr/bin/env bash
# Reference for "a checkpoint trained by phi4j gives the same per-token log-probs in llama.cpp as in phi4j":
#   1. io.phi4j.train.LlamaCppFixture trains a tiny byte-level model with phi4j, saves its Hugging Face checkpoint
#      and the same weights as an F32 GGUF into phi4j-train/src/test/resources/llamacpp-reference/;
#   2. llama.cpp (node-llama-cpp, installed outside the repository; see tools/reference/llamacpp_logprobs.mjs)
#      writes its log-probs for the sequences of tokens.json.
# phi4j-train's LlamaCppParityTest then regenerates the GGUF from the checkpoint (same bytes) and compares.
#
#   NLC_DIR=/path/to/node-llama-cpp tools/train-reference/make_llamacpp_reference.sh DATA_DIR
# DATA_DIR: byte-level token shards (docs/experiments/knowledge-transfer/run.sh makes them).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${1:?usage: make_llamacpp_reference.sh DATA_DIR}"
OUT="$ROOT/phi4j-train/src/test/resources/llamacpp-reference"
cd "$ROOT"
mvn -B -q -o test-compile -pl phi4j-train -am
mvn -B -q -o dependency:build-classpath -pl phi4j-train -Dmdep.outputFile=target/train-cp.txt
CP="phi4j-train/target/test-classes:phi4j-train/target/classes:$(cat target/train-cp.txt 2>/dev/null || cat phi4j-train/target/train-cp.txt)"
java --add-modules jdk.incubator.vector -cp "$CP" io.phi4j.train.LlamaCppFixture "$DATA" "$OUT"
node tools/reference/llamacpp_logprobs.mjs eval "$OUT/tokens.json" "$OUT" "$OUT/trained-tiny.gguf"
