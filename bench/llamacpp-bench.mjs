// llama-bench's pp and tg tests, run on llama.cpp through the npm package node-llama-cpp (which ships prebuilt
// llama.cpp CPU builds and picks the SIMD variant at run time). bench/compare-llamacpp.sh uses it when no
// llama-bench binary is given: on the development machine llama-bench built from source crashes at start.
// node-llama-cpp must be installed OUTSIDE the repository (same install as tools/reference/llamacpp_logprobs.mjs):
//   mkdir -p $NLC_DIR && cd $NLC_DIR && npm init -y && \
//   NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm i -E --omit=optional node-llama-cpp@3.21.1 @node-llama-cpp/linux-x64@3.21.1
//
// Usage: NLC_DIR=dir node bench/llamacpp-bench.mjs -m MODEL.gguf [-p 128] [-n 32] [-t 2] [-r 5]
//        NLC_DIR=dir node bench/llamacpp-bench.mjs -m MODEL.gguf -t 2 --first-token PROMPT   (see firstToken below)
// Prints on stdout a JSON array shaped like `llama-bench -o json` (one object per test: n_prompt, n_gen, avg_ts,
// stddev_ts, samples_ts, ... plus node_llama_cpp, llama_cpp_release and cpu_backend naming what was measured).
//
// What is measured, following llama-bench (tools/llama-bench/llama-bench.cpp, test_prompt / test_gen):
// - one context per test, as llama-bench creates one per test instance: pp gets n_ctx = P + 1, tg n_ctx = N + 1
//   (llama-bench uses P and N; node-llama-cpp keeps one slot free). Flash attention "auto", KV cache F16, default
//   mmap, CPU only - llama-bench's defaults.
// - pp: the KV cache is cleared, then P tokens go into ONE llama_decode (batchSize = P, and node-llama-cpp sets
//   n_ubatch = n_batch, so it is one graph too); logits are computed for the last token only, as
//   llama_batch_get_one does. tokens/s = P / time.
// - tg: the KV cache is cleared, then N single-token decodes, each with logits, starting from an empty context.
//   tokens/s = N / time.
// - token ids: like llama-bench, BOS first when the model adds one, the rest pseudo-random in [0, vocab) from a
//   fixed-seed generator (speed does not depend on which ids).
// - warm-up: one full pp run and one 1-token tg run (llama-bench's warm-ups), then R timed repetitions.
// - the time covers only the evaluation calls: model load and context creation happen before.
// node-llama-cpp gives logits only through its sampler, so each output row is followed by a greedy (temperature 0)
// pick - an argmax over the vocabulary, microseconds against a decode of tens of milliseconds. The decode runs
// on libuv's worker pool and goes through node-llama-cpp's batch queue; that per-call overhead is part of the
// figure (it is what a user of this llama.cpp build gets), and it is why this is not a byte-for-byte llama-bench.
import fs from "node:fs";
import path from "node:path";
import {pathToFileURL} from "node:url";

const USAGE = "usage: llamacpp-bench.mjs -m MODEL.gguf [-p 128] [-n 32] [-t 2] [-r 5] [--first-token PROMPT]";
// the greedy pick that follows every row whose logits are needed (see above)
const GREEDY = {generateNext: {token: true, options: {temperature: 0}}};
const options = parseArgs(process.argv.slice(2));
const nlcDir = process.env.NLC_DIR;
if (!nlcDir) fail("set NLC_DIR to the directory where node-llama-cpp@3.21.1 is installed");
const nlcPackageDir = path.join(nlcDir, "node_modules", "node-llama-cpp");
if (!fs.existsSync(path.join(nlcPackageDir, "package.json"))) fail(`no node-llama-cpp in ${nlcDir}/node_modules`);
if (!fs.existsSync(options.model)) fail(`${options.model}: no such file`);
const {getLlama, LlamaLogLevel} = await import(pathToFileURL(path.join(nlcPackageDir, "dist", "index.js")).href);
const nlcVersion = JSON.parse(fs.readFileSync(path.join(nlcPackageDir, "package.json"), "utf8")).version;

let cpuBackend = null;
const llama = await getLlama({
    gpu: false,
    build: "never",
    maxThreads: 0, // no thread budget shared between contexts: `threads` is then the exact count used
    logLevel: LlamaLogLevel.debug, // the "loaded CPU backend" line comes at level "log"
    logger: (level, message) => {
        const m = /loaded CPU backend from (.*)/.exec(message);
        if (m) cpuBackend = path.basename(m[1].trim());
        if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) process.stderr.write(message + "\n");
    }
});
const model = await llama.loadModel({modelPath: options.model});
const vocab = model.fileInfo.metadata?.tokenizer?.ggml?.tokens?.length;
if (!vocab) fail(`${options.model}: no tokenizer.ggml.tokens, cannot pick token ids`);

if (options.firstToken != null) await firstToken(options.firstToken); // exits

const results = [];
if (options.p > 0) results.push(await runTest(options.p, 0));
if (options.n > 0) results.push(await runTest(0, options.n));
await model.dispose();
await llama.dispose();
console.log(JSON.stringify(results, null, 2));

async function runTest(nPrompt, nGen) {
    const tokens = nPrompt > 0 ? nPrompt : nGen;
    const context = await model.createContext({
        contextSize: tokens + 1,
        batchSize: Math.max(nPrompt, 1),
        sequences: 1,
        threads: {ideal: options.t, min: options.t},
        flashAttention: "auto"
    });
    const batchSizes = countBatches(context);
    const sequence = context.getSequence();
    const random = lcg(1);
    const ids = count => Array.from({length: count}, (_, i) =>
        i === 0 && model.tokens.shouldPrependBosToken && model.tokens.bos != null ? model.tokens.bos : random() % vocab);

    async function promptRun() {
        const input = ids(nPrompt);
        const start = process.hrtime.bigint();
        await sequence.controlledEvaluate(input.map((id, i) => i === input.length - 1 ? [id, GREEDY] : id));
        return process.hrtime.bigint() - start;
    }
    async function genRun(count) {
        const input = ids(count);
        const start = process.hrtime.bigint();
        for (const id of input) await sequence.controlledEvaluate([[id, GREEDY]]);
        return process.hrtime.bigint() - start;
    }
    const run = nPrompt > 0 ? () => promptRun() : () => genRun(nGen);

    // warm-up, as llama-bench: the whole prompt for pp, one token for tg
    if (nPrompt > 0) await promptRun(); else await genRun(1);
    const samplesNs = [];
    batchSizes.length = 0;
    for (let i = 0; i < options.r; i++) {
        await sequence.clearHistory(); // llama_memory_clear, as llama-bench before every repetition
        samplesNs.push(Number(await run()));
    }
    const expected = nPrompt > 0 ? Array(options.r).fill(nPrompt) : Array(options.r * nGen).fill(1);
    if (batchSizes.counted && JSON.stringify(batchSizes) !== JSON.stringify(expected))
        fail(`${nPrompt > 0 ? "pp" : "tg"}: node-llama-cpp decoded batches of [${batchSizes}], expected [${expected}]`);
    const threads = context.currentThreads;
    await sequence.dispose();
    await context.dispose();

    const samplesTs = samplesNs.map(ns => tokens * 1e9 / ns);
    return {
        build_commit: llama.llamaCppRelease?.release ?? "unknown",
        node_llama_cpp: nlcVersion,
        llama_cpp_release: llama.llamaCppRelease?.release ?? null,
        cpu_backend: cpuBackend,
        backends: "CPU",
        model_filename: options.model,
        model_type: model.typeDescription,
        model_size: model.size,
        n_batch: Math.max(nPrompt, 1),
        n_ubatch: Math.max(nPrompt, 1),
        n_threads: threads,
        type_k: "f16",
        type_v: "f16",
        n_gpu_layers: 0,
        flash_attn: "auto",
        use_mmap: true,
        n_prompt: nPrompt,
        n_gen: nGen,
        n_depth: 0,
        test_time: new Date().toISOString(),
        avg_ns: Math.round(mean(samplesNs)),
        stddev_ns: Math.round(stddev(samplesNs)),
        avg_ts: mean(samplesTs),
        stddev_ts: stddev(samplesTs),
        samples_ns: samplesNs,
        samples_ts: samplesTs,
        batches_checked: batchSizes.counted
    };
}

// --first-token PROMPT: what a user waits for after starting llama.cpp on a prompt - load the model, create a
// context the size phi4j's CLI uses (the model's, at most 2048), evaluate the prompt and pick the first token
// greedily. Prints it as JSON and exits without unloading (exit time is not the user's wait); the caller times
// the whole process from spawn to exit, the same way it times `phi generate -n 1`.
async function firstToken(prompt) {
    const context = await model.createContext({
        contextSize: Math.min(2048, model.trainContextSize),
        sequences: 1,
        threads: {ideal: options.t, min: options.t}
    });
    const ids = model.tokenize(prompt);
    const out = await context.getSequence().controlledEvaluate(ids.map((id, i) => i === ids.length - 1 ? [id, GREEDY] : id));
    const token = out[out.length - 1]?.next?.token;
    if (token == null) fail("no first token came back");
    console.log(JSON.stringify({prompt_tokens: ids.length, first_token: model.detokenize([token]),
        ms_since_process_start: Math.round(process.uptime() * 1000)}));
    process.exit(0);
}

// Records the size of every llama_decode that node-llama-cpp issues (its JS batch queue may split or merge
// evaluations), so that a pp run that is not one batch of P tokens fails instead of reporting a wrong figure.
// Uses an internal field of node-llama-cpp; when it is absent the check is skipped and reported as such.
function countBatches(context) {
    const sizes = [];
    sizes.counted = false;
    const ctx = context._ctx;
    if (ctx && typeof ctx.initBatch === "function") {
        // the addon object's methods are read-only: put a proxy in its place that passes every call through
        context._ctx = new Proxy(ctx, {
            get(target, property) {
                const value = target[property];
                if (property === "initBatch") return size => { sizes.push(size); return value.call(target, size); };
                return typeof value === "function" ? value.bind(target) : value;
            }
        });
        sizes.counted = true;
    }
    return sizes;
}

function lcg(seed) {
    let state = seed >>> 0;
    return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 1;
}

function mean(xs) { return xs.reduce((a, b) => a + b, 0) / xs.length; }

// sample standard deviation (n - 1), as llama-bench's stdev(); 0 for a single sample
function stddev(xs) {
    if (xs.length < 2) return 0;
    const m = mean(xs);
    return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

function parseArgs(args) {
    const o = {model: null, p: 128, n: 32, t: 2, r: 5, firstToken: null};
    const names = {"-m": "model", "-p": "p", "-n": "n", "-t": "t", "-r": "r", "--first-token": "firstToken"};
    const text = new Set(["model", "firstToken"]);
    for (let i = 0; i < args.length; i += 2) {
        const key = names[args[i]];
        if (!key || i + 1 >= args.length) fail(`${USAGE} (bad argument ${args[i]})`);
        o[key] = text.has(key) ? args[i + 1] : Number(args[i + 1]);
        if (!text.has(key) && !(Number.isInteger(o[key]) && o[key] >= 0)) fail(`${args[i]} ${args[i + 1]}: not a non-negative integer`);
    }
    if (!o.model) fail(USAGE);
    if (o.t < 1 || o.r < 1) fail("-t and -r must be at least 1");
    return o;
}

function fail(message) {
    console.error(`llamacpp-bench: ${message}`);
    process.exit(2);
}
