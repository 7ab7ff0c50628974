package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;

import java.io.Serializable;
import java.util.Set;

/**
 * Options of deduplication: word {@code shingle} size, LSH banding ({@code lsh}), the estimated Jaccard
 * {@code threshold} that confirms a candidate pair, the MinHash {@code seed}, and whether exact and near-duplicate
 * removal are on.
 */
public record DedupOptions(int shingle, LshParams lsh, double threshold, long seed, boolean exact, boolean near)
        implements Serializable {
    public static final int DEFAULT_SHINGLE = 5;
    public static final double DEFAULT_THRESHOLD = 0.8;
    public static final DedupOptions DEFAULTS = new DedupOptions(DEFAULT_SHINGLE, new LshParams(20, 5),
            DEFAULT_THRESHOLD, 1, true, true);

    public DedupOptions {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new PhiException("dedup threshold must be in (0, 1], got " + threshold);
        }
        if (!exact && !near) {
            throw new PhiException("dedup with neither exact nor near-duplicate removal does nothing");
        }
    }

    /**
     * Options from explicit values: {@code bands} and {@code rows} together, or neither (then the banding that
     * best fits {@code threshold} with {@code permutations} rows when a threshold was given, else 20 × 5).
     */
    public static DedupOptions of(Integer shingle, Integer bands, Integer rows, Double threshold, Integer permutations,
                                  long seed, boolean exact, boolean near) {
        if ((bands == null) != (rows == null)) {
            throw new PhiException("give --bands and --rows together");
        }
        LshParams lsh;
        if (bands != null) {
            lsh = new LshParams(bands, rows);
        } else if (threshold != null) {
            lsh = LshParams.optimal(threshold, permutations == null ? 100 : permutations);
        } else {
            lsh = DEFAULTS.lsh();
        }
        return new DedupOptions(shingle == null ? DEFAULT_SHINGLE : shingle, lsh,
                threshold == null ? DEFAULT_THRESHOLD : threshold, seed, exact, near);
    }

    static final Set<String> KEYS = Set.of("shingle", "bands", "rows", "threshold", "permutations", "seed", "exact",
            "near", "report");

    public static DedupOptions fromJson(JsonNode o) {
        StepOptions.checkKnown("dedup", o, KEYS);
        return of(o.has("shingle") ? StepOptions.integer(o, "shingle", 5) : null,
                o.has("bands") ? StepOptions.integer(o, "bands", 20) : null,
                o.has("rows") ? StepOptions.integer(o, "rows", 5) : null,
                StepOptions.numberOrNull(o, "threshold"),
                o.has("permutations") ? StepOptions.integer(o, "permutations", 100) : null,
                (long) StepOptions.number(o, "seed", 1), StepOptions.bool(o, "exact", true), StepOptions.bool(o, "near", true));
    }
}
