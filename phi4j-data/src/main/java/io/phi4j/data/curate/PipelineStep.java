package io.phi4j.data.curate;

import java.nio.file.Path;
import java.util.List;

/**
 * A step of a curation pipeline, described so that any engine can run it: map-like steps are a
 * {@link DocumentFunction}; deduplication is the two-phase {@link Deduplicator}; top-percent filtering needs a
 * global cut ({@link TopPercent}); ingest is a source and tokenize a sink on the driver.
 */
public sealed interface PipelineStep {
    /** The step's name in pipeline files ("dedup"). */
    String name();

    record Ingest(IngestOptions options) implements PipelineStep {
        @Override
        public String name() {
            return "ingest";
        }
    }

    /** A per-document step; with {@code keepRejected}, dropped documents go to a file beside the output. */
    record Map(String name, DocumentFunction function, List<String> rules, boolean keepRejected) implements PipelineStep {
    }

    record Dedup(DedupOptions options) implements PipelineStep {
        @Override
        public String name() {
            return "dedup";
        }
    }

    record TopPercentFilter(String field, double percent) implements PipelineStep {
        @Override
        public String name() {
            return "filter";
        }
    }

    /** Token shards for 'phi train' from the documents, written by phi4j-train's DatasetBuilder into {@code out}. */
    record Tokenize(Path tokenizer, Path out, String field, double valFraction, long seed, int shardTokens)
            implements PipelineStep {
        @Override
        public String name() {
            return "tokenize";
        }
    }
}
