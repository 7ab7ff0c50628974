package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.data.curate.HeuristicOptions;
import io.phi4j.data.curate.HeuristicRules;
import io.phi4j.data.curate.HeuristicsFunction;
import io.phi4j.data.curate.LocalSteps;
import io.phi4j.data.curate.StepCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "heuristics", mixinStandardHelpOptions = true,
        description = {"Drop documents that break Gopher/C4-style quality rules: word count, mean word length, symbol,"
                + " digit and alphabetic-word ratios, bullet and ellipsis lines, stop words, repeated lines, paragraphs"
                + " and n-grams, 'lorem ipsum' and javascript/cookie boilerplate. Each rule is set or turned off with"
                + " --rule NAME=VALUE|off; the report counts the documents each rule dropped."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi data heuristics docs.jsonl --out good.jsonl --rejected bad.jsonl --report heuristics.json",
                "  phi data heuristics docs.jsonl --out good.jsonl --rule min_words=20 --rule max_digit_ratio=off",
                "  phi data heuristics --list-rules"})
final class DataHeuristicsCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "IN", description = "Documents (JSON Lines with \"id\" and \"text\").")
    Path in;
    @Option(names = "--out", paramLabel = "FILE", description = "Kept documents.")
    Path out;
    @Option(names = "--rejected", paramLabel = "FILE", description = "Dropped documents, each with its \"reason\".")
    Path rejected;
    @Option(names = "--report", paramLabel = "FILE", description = "Counts per rule as JSON.")
    Path report;
    @Option(names = "--rule", paramLabel = "NAME=VALUE", description = "Set a rule's threshold, or 'off'.")
    Map<String, String> rules;
    @Option(names = "--list-rules", description = "Print the rules and their default thresholds.")
    boolean listRules;
    @Mixin
    LocalStepOptions local;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        if (listRules) {
            HeuristicOptions.DEFAULTS.forEach((k, v) -> o.printf("%-24s %s%n", k, v));
            o.flush();
            return Main.EXIT_OK;
        }
        if (in == null || out == null) {
            throw new PhiException("give the input documents and --out FILE");
        }
        HeuristicOptions opts = HeuristicOptions.DEFAULT;
        if (rules != null) {
            for (var e : rules.entrySet()) {
                opts = opts.with(e.getKey(), e.getValue());
            }
        }
        long t0 = System.nanoTime();
        HeuristicRules hr = new HeuristicRules(opts);
        StepCounts c;
        try (LocalSteps steps = local.steps()) {
            c = steps.map("heuristics", CurateSupport.existingFile(in), out, rejected, new HeuristicsFunction(hr), hr.ruleNames(), null);
        }
        CurateSupport.writeReport(report, c.toJson());
        o.printf("%d documents → %d kept, %d dropped, %s%n", c.in(), c.out(), c.in() - c.out(), CurateSupport.seconds(t0));
        c.dropped().forEach((rule, n) -> {
            if (n > 0) {
                o.printf("  %-24s %d%n", rule, n);
            }
        });
        o.flush();
        return Main.EXIT_OK;
    }
}
