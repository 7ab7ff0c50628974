// Reference log-probabilities from llama.cpp itself, through the npm package node-llama-cpp (which bundles a
// prebuilt llama.cpp). Used by make_quant_refs.sh; node-llama-cpp must be installed OUTSIDE the repository:
//   mkdir -p $NLC_DIR && cd $NLC_DIR && npm init -y && \
//   NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm i -E --omit=optional node-llama-cpp@3.21.1 @node-llama-cpp/linux-x64@3.21.1
//
// Usage:
//   NLC_DIR=dir node llamacpp_logprobs.mjs tokenize MODEL.gguf TEXT_FILE
//       prints {"ids": [...], "detokenized": "..."}: llama.cpp's tokenization (add_special=false, parse_special=false)
//   NLC_DIR=dir node llamacpp_logprobs.mjs eval TOKENS.json OUT_DIR MODEL.gguf...
//       for each model writes OUT_DIR/llamacpp-<stem>.logprobs.f32 (raw little-endian float32 [S, T, V]:
//       S sequences of tokens.json in order, T tokens each, V = vocab) and OUT_DIR/llamacpp-<stem>.json
//       (argmax and log-prob of the actual next token per position, plus the versions that produced them).
//
// Why log-probabilities and not logits: node-llama-cpp exposes only the softmax of llama.cpp's logits. With
// temperature 0 its sampler chain is the greedy sampler alone (no top-k), so the probabilities cover the whole
// vocabulary and log(p) = logit - logsumexp(logits), computed by the addon in float32 (error ~1e-7).
import fs from "node:fs";
import path from "node:path";
import {pathToFileURL} from "node:url";

const nlcDir = process.env.NLC_DIR;
if (!nlcDir) {
    console.error("set NLC_DIR to the directory where node-llama-cpp@3.21.1 is installed");
    process.exit(2);
}
const nlcPackageDir = path.join(nlcDir, "node_modules", "node-llama-cpp");
const {getLlama, LlamaLogLevel} = await import(pathToFileURL(path.join(nlcPackageDir, "dist", "index.js")).href);
const nlcVersion = JSON.parse(fs.readFileSync(path.join(nlcPackageDir, "package.json"), "utf8")).version;

let cpuBackend = null;
const llama = await getLlama({
    gpu: false,
    build: "never",
    logLevel: LlamaLogLevel.debug, // the "loaded CPU backend" line comes at level "log"
    logger: (level, message) => {
        // Record which CPU variant of ggml was loaded: the SIMD kernels decide llama.cpp's rounding noise.
        const m = /loaded CPU backend from (.*)/.exec(message);
        if (m) cpuBackend = path.basename(m[1].trim());
        if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) process.stderr.write(message + "\n");
    }
});

const [mode, ...args] = process.argv.slice(2);
if (mode === "tokenize") {
    const [modelPath, textFile] = args;
    const model = await llama.loadModel({modelPath});
    const text = fs.readFileSync(textFile, "utf8");
    const ids = Array.from(model.tokenize(text, false));
    console.log(JSON.stringify({ids, detokenized: model.detokenize(ids)}));
} else if (mode === "eval") {
    const [tokensFile, outDir, ...models] = args;
    const sequences = JSON.parse(fs.readFileSync(tokensFile, "utf8")).sequences;
    for (const modelPath of models) await evalModel(modelPath, sequences, outDir);
} else {
    console.error("usage: llamacpp_logprobs.mjs tokenize MODEL TEXT_FILE | eval TOKENS.json OUT_DIR MODEL...");
    process.exit(2);
}
await llama.dispose();

async function evalModel(modelPath, sequences, outDir) {
    const stem = path.basename(modelPath).replace(/\.gguf$/, "");
    const model = await llama.loadModel({modelPath});
    const vocab = model.tokens.size ?? model.fileInfo.metadata.tokenizer.ggml.tokens.length;
    const maxLen = Math.max(...sequences.map(s => s.ids.length));
    if (!sequences.every(s => s.ids.length === maxLen)) throw new Error("all sequences must have the same length");
    const context = await model.createContext({
        contextSize: 256,
        batchSize: 256,            // the whole sequence is one batch, as llama-perplexity does
        flashAttention: false,
        threads: 1,
        experimentalKvCacheKeyType: "F32",
        experimentalKvCacheValueType: "F32"
    });
    const out = new Float32Array(sequences.length * maxLen * vocab);
    const perSequence = [];
    for (let s = 0; s < sequences.length; s++) {
        const ids = sequences[s].ids;
        const sequence = context.getSequence();
        const results = await sequence.controlledEvaluate(ids.map(t => [t, {generateNext: {probabilities: true}}]));
        const argmax = [], nextLogprob = [];
        for (let t = 0; t < ids.length; t++) {
            const probabilities = results[t]?.next?.probabilities;
            if (probabilities == null || probabilities.size !== vocab)
                throw new Error(`${stem}: position ${t}: expected ${vocab} probabilities, got ${probabilities?.size}`);
            const row = out.subarray((s * maxLen + t) * vocab, (s * maxLen + t + 1) * vocab);
            row.fill(NaN);
            let best = -1, bestValue = -Infinity;
            for (const [token, p] of probabilities) {
                row[token] = Math.log(p);
                if (p > bestValue || (p === bestValue && token < best)) { best = token; bestValue = p; }
            }
            if (row.some(Number.isNaN)) throw new Error(`${stem}: position ${t}: incomplete distribution`);
            argmax.push(best);
            if (t + 1 < ids.length) nextLogprob.push(row[ids[t + 1]]);
        }
        perSequence.push({name: sequences[s].name, argmax, nextTokenLogprob: nextLogprob});
        await sequence.dispose();
    }
    await context.dispose();
    await model.dispose();
    fs.writeFileSync(path.join(outDir, `llamacpp-${stem}.logprobs.f32`), Buffer.from(out.buffer));
    const meta = {
        model: path.basename(modelPath),
        kind: "llama.cpp log-probabilities",
        file: `llamacpp-${stem}.logprobs.f32`,
        dtype: "float32-le",
        shape: [sequences.length, maxLen, vocab],
        producer: {
            nodeLlamaCpp: nlcVersion,
            llamaCppRelease: llama.llamaCppRelease?.release,
            cpuBackend,
            options: "CPU only, threads 1, batch = whole sequence, flash attention off, KV cache F32"
        },
        sequences: perSequence
    };
    fs.writeFileSync(path.join(outDir, `llamacpp-${stem}.json`), JSON.stringify(meta, null, 1) + "\n");
    console.log(`${stem}: ${sequences.length} x ${maxLen} x ${vocab} (${cpuBackend})`);
}
