package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.data.curate.LocalSteps;
import io.phi4j.data.curate.StepCounts;
import io.phi4j.data.curate.ThresholdFilter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "filter", mixinStandardHelpOptions = true,
        description = {"Keep documents whose numeric field (e.g. \"quality\" from 'phi data score') reaches a threshold,"
                + " or exactly the top P percent of them (ties broken by input order). Documents without the field are dropped."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi data filter scored.jsonl --out edu.jsonl --field quality --threshold 3",
                "  phi data filter scored.jsonl --out edu.jsonl --top-percent 10"})
final class DataFilterCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN", description = "Documents (JSON Lines).")
    Path in;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Kept documents.")
    Path out;
    @Option(names = "--field", defaultValue = "quality", description = "Numeric field (default: ${DEFAULT-VALUE}).")
    String field;

    static final class Mode {
        @Option(names = "--threshold", paramLabel = "X", description = "Keep documents with field ≥ X.")
        Double threshold;
        @Option(names = "--top-percent", paramLabel = "P", description = "Keep the top P percent by the field.")
        Double topPercent;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;
    @Mixin
    LocalStepOptions local;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        StepCounts c;
        try (LocalSteps steps = local.steps()) {
            CurateSupport.existingFile(in);
            if (mode.threshold != null) {
                c = steps.map("filter", in, out, null, new ThresholdFilter(field, mode.threshold),
                        List.of("below_threshold", "missing"), null);
            } else {
                c = steps.topPercent("filter", in, out, field, mode.topPercent);
            }
        }
        if (c.in() > 0 && c.dropped().getOrDefault("missing", 0L) == c.in()) {
            throw new PhiException(in + ": no document has a numeric field \"" + field + "\"");
        }
        CurateSupport.print(spec, "%d documents → %d kept (%d below, %d without \"%s\"), %s%n", c.in(), c.out(),
                c.dropped().getOrDefault("below_threshold", 0L) + c.dropped().getOrDefault("below_cutoff", 0L),
                c.dropped().getOrDefault("missing", 0L), field, CurateSupport.seconds(t0));
        return Main.EXIT_OK;
    }
}
