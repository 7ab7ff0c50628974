// Cross-check of hf-vectors.jsonl against llama.cpp itself (not needed by the Java tests).
// Setup (CPU build only): NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm i -E --omit=optional node-llama-cpp@3.21.1 @node-llama-cpp/linux-x64@3.21.1
// Run: node check_with_llamacpp.mjs ../shared/fixtures/tokenizer/llama.cpp-vectors/ggml-vocab-phi-2.gguf hf-vectors.jsonl
// tokenize(text, false) is llama.cpp parse_special=false, tokenize(text, true) parse_special=true; no BOS is added.
// Prints "checked N differ D" and writes the differing cases to diff.jsonl.
import {getLlama} from "node-llama-cpp";
import fs from "fs";
const llama = await getLlama({gpu: false, build: "never"});
const model = await llama.loadModel({modelPath: process.argv[2], vocabOnly: true});
const lines = fs.readFileSync(process.argv[3], "utf8").split("\n").filter(l => l.length);
let bad = 0, n = 0;
const out = [];
for (const line of lines) {
  const v = JSON.parse(line);
  const plain = Array.from(model.tokenize(v.text, false));
  const special = Array.from(model.tokenize(v.text, true));
  n++;
  const eq = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!eq(plain, v.ids) || !eq(special, v.ids_special)) {
    bad++;
    out.push(JSON.stringify({text: v.text, hf: v.ids, hfs: v.ids_special, llama: plain, llamas: special}));
  }
}
console.log("checked", n, "differ", bad);
fs.writeFileSync("diff.jsonl", out.join("\n"));
