package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.score.Scorer;
import io.phi4j.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Log-probability of every token of a text given the tokens before it (natural log, no BOS added),",
                "or its perplexity as llama-perplexity computes it (--ppl)."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi score -m phi-2.gguf --text 'The capital of France is Paris.' --json",
                "  phi score -m phi-2.gguf --file wiki.test.raw --ppl --ctx 512"})
final class ScoreCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin TextInput input;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--ppl", description = "Perplexity over chunks of --ctx tokens, each scored on its second half.")
    boolean ppl;

    @Option(names = {"-c", "--ctx"}, paramLabel = "N", description = "Context size (default: the text's length; 512 with --ppl).")
    int ctx;

    @Option(names = "--special", description = "Parse special tokens written in the text, such as <|endoftext|>.")
    boolean special;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String text = input.read();
        PrintWriter out = spec.commandLine().getOut();
        try (Model m = model.load()) {
            Tokenizer tok = m.tokenizer();
            int[] ids = tok.encode(text, special);
            if (ppl) {
                int n = ctx > 0 ? ctx : 512;
                PrintWriter err = spec.commandLine().getErr();
                Scorer.Perplexity p = Scorer.perplexity(m.model(), ids, n, json ? null
                        : (done, total, running) -> { err.printf("[%d/%d] %.4f%n", done, total, running); err.flush(); });
                if (json) {
                    Map<String, Object> obj = new LinkedHashMap<>();
                    obj.put("ppl", p.ppl());
                    obj.put("ppl_stderr", p.stderr());
                    obj.put("ctx", n);
                    obj.put("chunks", p.chunks());
                    obj.put("scored_tokens", p.scoredTokens());
                    obj.put("text_tokens", ids.length);
                    out.println(Json.write(obj));
                } else {
                    out.printf("Final estimate: PPL = %.4f +/- %.5f%n", p.ppl(), p.stderr());
                }
            } else {
                double[] lp = Scorer.tokenLogProbs(m.model(), ids, ctx);
                double sum = 0;
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < ids.length; i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", ids[i]);
                    row.put("text", tok.decode(new int[] {ids[i]}));
                    row.put("logprob", i == 0 ? null : lp[i]);
                    if (i > 0) {
                        sum += lp[i];
                    }
                    rows.add(row);
                }
                if (json) {
                    Map<String, Object> obj = new LinkedHashMap<>();
                    obj.put("tokens", rows);
                    obj.put("sum_logprob", sum);
                    out.println(Json.write(obj));
                } else {
                    for (Map<String, Object> row : rows) {
                        Object l = row.get("logprob");
                        out.printf("%6d  %10s  %s%n", (Integer) row.get("id"), l == null ? "-" : String.format("%.4f", (Double) l),
                                Json.write(row.get("text")));
                    }
                    out.printf("sum_logprob %.6f over %d predicted tokens%n", sum, Math.max(0, ids.length - 1));
                }
            }
            out.flush();
        }
        return Main.EXIT_OK;
    }
}
