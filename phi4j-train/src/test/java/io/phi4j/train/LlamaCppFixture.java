package io.phi4j.train;

import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Tokenizers;
import io.phi4j.train.ckpt.ModelIO;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.run.TrainOptions;
import io.phi4j.train.run.Trainer;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes {@code src/test/resources/llamacpp-reference/}: a tiny model trained by phi4j (200 steps on byte-level
 * tokens of Python source), its Hugging Face checkpoint, the same weights as an F32 GGUF ({@link GgufExport}) and
 * {@code tokens.json} with the sequences to score. llama.cpp's log-probs for that GGUF come from
 * {@code tools/reference/llamacpp_logprobs.mjs} (see {@code tools/train-reference/make_llamacpp_reference.sh}).
 *
 * <p>{@code main DATA_DIR OUT_DIR}: DATA_DIR is a byte-level dataset from {@code phi data tokenize} (as
 * {@code docs/experiments/knowledge-transfer/run.sh} makes).
 */
public final class LlamaCppFixture {
    static final String GGUF = "trained-tiny.gguf";
    static final String[] TEXTS = {
            "def fibonacci(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n    a, b = 0, 1\n",
            "import os\nimport sys\n\nclass Config(object):\n    def __init__(self, path):\n        self.p",
    };
    static final int SEQ = 48;

    private LlamaCppFixture() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]), out = Path.of(args[1]);
        Path run = Files.createTempDirectory("llamacpp-fixture");
        TrainOptions o = new TrainOptions();
        o.arch = "tiny,hidden=64,heads=4,layers=2,ff=256,ctx=512";
        o.data = data.toString();
        o.steps = 200;
        o.batch = 8;
        o.ctx = 128;
        o.lr = 3e-3;
        o.warmup = 20;
        o.evalEvery = 0;
        o.saveEvery = 0;
        o.threads = 2;
        o.seed = 3L;
        o.peakGflops = 100.0;
        Trainer.Result r = Trainer.run(run, o, false, new PrintWriter(System.err, true), false);
        Files.createDirectories(out);
        for (String f : List.of("model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json")) {
            Files.copy(r.checkpoint().resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        writeGguf(out, out.resolve(GGUF));
        Tokenizer tok = Tokenizers.fromHuggingFaceDir(out);
        StringBuilder json = new StringBuilder("{\"sequences\": [\n");
        for (int i = 0; i < TEXTS.length; i++) {
            int[] ids = Arrays.copyOf(tok.encode(TEXTS[i]), SEQ);
            json.append("  {\"name\": \"python-").append(i).append("\", \"ids\": ")
                    .append(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]")))
                    .append(i + 1 < TEXTS.length ? "},\n" : "}\n");
        }
        AtomicFile.writeString(out.resolve("tokens.json"), json.append("]}\n").toString());
        System.err.println("trained to loss " + r.lastLoss() + "; wrote " + out);
    }

    static void writeGguf(Path checkpoint, Path gguf) {
        PhiParams p = ModelIO.load(checkpoint);
        GgufExport.write(gguf, p, Tokenizers.fromHuggingFaceDir(checkpoint), List.of(), "phi4j trained tiny (byte-level)");
    }
}
