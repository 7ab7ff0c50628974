package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.data.Split;
import io.phi4j.data.synth.SynthCorpus;
import io.phi4j.data.synth.SynthGenerator;
import io.phi4j.data.teacher.TeacherOptions;
import io.phi4j.data.teacher.TeacherSynth;
import io.phi4j.data.wordnet.WordEntry;
import io.phi4j.data.wordnet.WordList;
import io.phi4j.data.wordnet.WordNetReader;
import io.phi4j.tokenizer.ByteLevelPreTokenizer;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Tokenizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic textbook corpus (Phi-1 / TinyStories style): arithmetic, place value,"
                + " fractions, units, comparisons, logic, sequences, time and money, word definitions, Python"
                + " exercises and stories, in Instruct/Output, Alice/Bob, textbook and exercise layouts.",
                "Writes DIR/train.jsonl (or DIR/heldout.jsonl with --heldout) and a stats report beside it."
                        + " With --teacher, an OpenAI-compatible chat endpoint writes the lessons around problems"
                        + " computed here (cached, retried, resumable)."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi data synth --out corpus --tokens 20000000 --seed 1",
                "  phi data synth --out corpus --tokens 200000 --seed 2 --heldout",
                "  phi data synth --out teacher --lessons 5000 --teacher http://localhost:8080/v1 --model phi-2"})
final class DataSynthCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--tokens", paramLabel = "N", description = "Stop after about N tokens (default 1000000; "
            + "GPT-2 pre-tokenizer words unless --tokenizer is given).")
    Long tokens;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default 1).")
    long seed;

    @Option(names = "--heldout", description = "Write held-out lessons (problems never in any training split).")
    boolean heldout;

    @Option(names = "--families", split = ",", paramLabel = "NAME",
            description = "Only these lesson families (comma-separated). Known: add-sub, mul-div, place-value,"
                    + " fractions, units, compare, logic, sequences, time-money, definitions, python, stories.")
    List<String> families;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "Count tokens with this Hugging Face tokenizer.")
    Path tokenizer;

    @Option(names = "--wordnet", paramLabel = "DIR", description = "Read words from a WordNet 3.0 database directory"
            + " (e.g. /usr/share/wordnet) instead of the embedded subset.")
    Path wordnet;

    @Option(names = "--teacher", paramLabel = "URL", description = "OpenAI-compatible API base URL"
            + " (e.g. http://localhost:8080/v1); POSTs to URL/chat/completions.")
    URI teacher;

    @Option(names = "--model", paramLabel = "NAME", description = "Teacher model name.")
    String model;

    @Option(names = "--lessons", paramLabel = "N", description = "Teacher mode: number of lessons to request"
            + " (default: enough for --tokens).")
    Long lessons;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "Teacher requests in flight (default 4).")
    int concurrency;

    @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = "OPENAI_API_KEY",
            description = "Environment variable holding the teacher's API key, if it needs one (default OPENAI_API_KEY).")
    String apiKeyEnv;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8", description = "Teacher sampling temperature.")
    double temperature;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "600", description = "Teacher reply length limit.")
    int maxTokens;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "6", description = "Attempts per teacher request.")
    int retries;

    @Option(names = "--retry-base-ms", paramLabel = "MS", defaultValue = "500", hidden = true)
    long retryBaseMs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter outw = spec.commandLine().getOut();
        Split split = heldout ? Split.HELDOUT : Split.TRAIN;
        List<WordEntry> words = wordnet == null ? null : WordNetReader.read(checkDir(wordnet, "--wordnet"), 20_000);
        ToIntFunction<String> counter = ByteLevelPreTokenizer::countWords;
        String unit = "gpt2-pretokenizer-words";
        if (tokenizer != null) {
            Tokenizer tok = Tokenizers.fromHuggingFaceDir(checkDir(tokenizer, "--tokenizer"));
            counter = text -> tok.encode(text).length;
            unit = "tokens of " + tokenizer;
        }
        SynthGenerator gen = new SynthGenerator(seed, split, families, words);
        if (teacher == null) {
            if (model != null || lessons != null) {
                throw new PhiException("--model and --lessons are for teacher mode: add --teacher URL");
            }
            long target = tokens == null ? 1_000_000 : tokens;
            if (target <= 0) {
                throw new PhiException("--tokens must be positive");
            }
            SynthCorpus.Result r = SynthCorpus.write(gen, target, out, counter, unit, t -> { });
            outw.printf("wrote %s: %d lessons, %d tokens, %d duplicates removed, %.1f s (%.1f M tokens/min)%n",
                    r.jsonl(), r.lessons(), r.tokens(), r.duplicates(), r.seconds(),
                    r.tokens() / Math.max(r.seconds(), 1e-9) * 60 / 1e6);
            outw.printf("stats: %s%n", out.resolve(split.label() + "-stats.md"));
            outw.flush();
            return Main.EXIT_OK;
        }
        if (model == null) {
            throw new PhiException("teacher mode needs --model NAME");
        }
        if (lessons == null && tokens == null) {
            throw new PhiException("teacher mode needs --lessons N or --tokens N");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new PhiException("--concurrency must be between 1 and 256, not " + concurrency);
        }
        String apiKey = System.getenv(apiKeyEnv);
        TeacherOptions opts = new TeacherOptions(teacher, model, apiKey, concurrency, temperature, maxTokens, retries,
                Duration.ofMillis(retryBaseMs), lessons, tokens);
        TeacherSynth.Result r = new TeacherSynth(gen, opts, out, counter).run();
        outw.printf("wrote %s: %d lessons (%d new, %d from a previous run), %d tokens; %d rejected, %d failed;"
                        + " %d requests, %d cache hits, %d retries, %.1f s%n",
                r.jsonl(), r.lessons(), r.newLessons(), r.resumed(), r.tokens(), r.rejected(), r.failed(),
                r.requests(), r.cacheHits(), r.retries(), r.seconds());
        outw.flush();
        return r.failed() > 0 ? Main.EXIT_FAILURE : Main.EXIT_OK;
    }

    static Path checkDir(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new PhiException(option + " " + dir + ": not a directory");
        }
        return dir;
    }
}
