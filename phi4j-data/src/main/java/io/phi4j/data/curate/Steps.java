package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Makes pipeline steps from their names and JSON options (paths resolved against {@code baseDir}). */
public final class Steps {
    public static final List<String> KNOWN = List.of("ingest", "dedup", "heuristics", "score", "filter", "tokenize");

    private Steps() {
    }

    public static PipelineStep create(String name, JsonNode o, Path baseDir) {
        return switch (name) {
            case "ingest" -> {
                StepOptions.checkKnown(name, o, Set.of("field", "source", "separator"));
                yield new PipelineStep.Ingest(IngestOptions.fromJson(o));
            }
            case "dedup" -> new PipelineStep.Dedup(DedupOptions.fromJson(o));
            case "heuristics" -> {
                HeuristicRules rules = new HeuristicRules(HeuristicOptions.fromJson(o));
                yield new PipelineStep.Map(name, new HeuristicsFunction(rules), rules.ruleNames(),
                        StepOptions.bool(o, "rejected", true));
            }
            case "score" -> {
                String scorer = StepOptions.string(o, "scorer", ScorerLoader.DEFAULT);
                String field = StepOptions.string(o, "field", "quality");
                // the scorer resolves its relative paths (a classifier directory) against the pipeline file's directory
                com.fasterxml.jackson.databind.node.ObjectNode opts = o.isObject() ? ((com.fasterxml.jackson.databind.node.ObjectNode) o).deepCopy() : Docs.newDoc();
                opts.put("base_dir", baseDir.toString());
                yield new PipelineStep.Map(name, new ScoreFunction(scorer, Docs.write(opts), field), List.of(), false);
            }
            case "filter" -> filter(o);
            case "tokenize" -> {
                StepOptions.checkKnown(name, o, Set.of("tokenizer", "out", "field", "val_fraction", "seed", "shard_tokens"));
                String tok = StepOptions.string(o, "tokenizer", null);
                if (tok == null) {
                    throw new PhiException("step \"tokenize\": option \"tokenizer\" is required");
                }
                String out = StepOptions.string(o, "out", null);
                yield new PipelineStep.Tokenize(baseDir.resolve(tok), out == null ? null : baseDir.resolve(out),
                        StepOptions.string(o, "field", Docs.TEXT), StepOptions.number(o, "val_fraction", 0.05),
                        (long) StepOptions.number(o, "seed", 0), StepOptions.integer(o, "shard_tokens", 100_000_000));
            }
            default -> throw new PhiException("unknown step \"" + name + "\" (known: " + String.join(", ", KNOWN) + ")");
        };
    }

    private static PipelineStep filter(JsonNode o) {
        StepOptions.checkKnown("filter", o, Set.of("field", "threshold", "top_percent"));
        String field = StepOptions.string(o, "field", "quality");
        Double threshold = StepOptions.numberOrNull(o, "threshold");
        Double top = StepOptions.numberOrNull(o, "top_percent");
        if ((threshold == null) == (top == null)) {
            throw new PhiException("step \"filter\": give exactly one of \"threshold\" and \"top_percent\"");
        }
        if (top != null) {
            TopPercent.checkPercent(top);
            return new PipelineStep.TopPercentFilter(field, top);
        }
        return new PipelineStep.Map("filter", new ThresholdFilter(field, threshold), List.of("below_threshold", "missing"), false);
    }
}
