package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.GenerationResult;
import io.phi4j.generate.Generator;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.model.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt, streaming the text to standard output.",
        footerHeading = "%nExamples:%n",
        footer = {"  phi generate -m phi-2.gguf \"Instruct: What is 27 + 38?\\nOutput:\"",
                "  phi generate -m ./phi-2 --prompt 'def fib(n):' --temperature 0 -n 64 --stop '\\n\\n'",
                "  echo 'Alice: Hi!' | phi generate -m phi-2.gguf --json"})
final class GenerateCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;
    @Mixin QuietOption quiet;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROMPT", description = "The prompt (or use --prompt, --file, or standard input).")
    String positionalPrompt;

    @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the prompt from FILE ('-' for standard input).")
    java.nio.file.Path file;

    @Option(names = {"-c", "--ctx"}, paramLabel = "N", description = "Context size in tokens (default: the model's, at most 2048).")
    int ctx;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    int threads;

    @Option(names = "--no-escape", description = "Take \\n, \\t etc. in the prompt literally.")
    boolean noEscape;

    @Option(names = "--json", description = "Print one JSON object with the text, token counts and timings instead of streaming.")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String text = resolvePrompt();
        if (threads > 0) {
            WorkerPool.setSharedThreads(threads);
        }
        GenerationOptions options = sampling.toOptions(!noEscape);
        PrintWriter out = spec.commandLine().getOut();
        try (Model m = model.load(quiet.progress())) {
            int[] ids = m.tokenizer().encode(text);
            Session session = m.newSession(ctx);
            GenerationResult r = new Generator(m.tokenizer()).generate(session, ids, options, (id, piece) -> {
                if (!json && !piece.isEmpty()) {
                    out.print(piece);
                    out.flush();
                }
                return true;
            });
            if (json) {
                Map<String, Object> obj = new LinkedHashMap<>();
                obj.put("text", r.text());
                obj.put("finish_reason", r.finishReason().name().toLowerCase());
                obj.put("prompt_tokens", r.promptTokens());
                obj.put("completion_tokens", r.tokens().length);
                obj.put("prompt_ms", r.promptNanos() / 1e6);
                obj.put("decode_ms", r.decodeNanos() / 1e6);
                obj.put("prompt_tokens_per_second", r.promptTokensPerSecond());
                obj.put("decode_tokens_per_second", r.decodeTokensPerSecond());
                out.println(Json.write(obj));
            } else {
                out.println();
            }
            out.flush();
        }
        return Main.EXIT_OK;
    }

    private String resolvePrompt() {
        int given = (positionalPrompt != null ? 1 : 0) + (prompt != null ? 1 : 0) + (file != null ? 1 : 0);
        if (given > 1) {
            throw new PhiException("give the prompt once: as an argument, with --prompt, or with --file");
        }
        String p;
        if (positionalPrompt != null) {
            p = positionalPrompt;
        } else if (prompt != null) {
            p = prompt;
        } else {
            TextInput in = new TextInput();
            in.file = file;
            return in.read(); // files and stdin are taken literally
        }
        return noEscape ? p : Escapes.process(p);
    }
}
