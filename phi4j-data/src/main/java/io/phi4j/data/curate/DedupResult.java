package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Serializable;
import java.util.BitSet;
import java.util.List;

/**
 * The outcome of deduplication: which ordinals to remove, and the clusters (kept document first) for the report.
 */
public record DedupResult(long documents, BitSet removed, List<Cluster> clusters, long exactDuplicates,
                          long nearDuplicates, long candidatePairs, DedupOptions options) implements Serializable {

    /** A removed document: its id, estimated Jaccard similarity to the kept one, and whether it was an exact copy. */
    public record Removed(String id, double similarity, boolean exact) implements Serializable {
    }

    public record Cluster(String kept, List<Removed> removed) implements Serializable {
    }

    public boolean isRemoved(long ordinal) {
        return removed.get(Math.toIntExact(ordinal));
    }

    public long kept() {
        return documents - removed.cardinality();
    }

    public ObjectNode report() {
        ObjectNode r = Docs.newDoc();
        r.put("documents", documents);
        r.put("kept", kept());
        r.put("removed", removed.cardinality());
        r.put("exact_duplicates", exactDuplicates);
        r.put("near_duplicates", nearDuplicates);
        r.put("candidate_pairs", candidatePairs);
        r.put("shingle", options.shingle());
        r.put("bands", options.lsh().bands());
        r.put("rows", options.lsh().rows());
        r.put("threshold", options.threshold());
        r.put("seed", options.seed());
        ArrayNode cs = r.putArray("clusters");
        for (Cluster c : clusters) {
            ObjectNode o = cs.addObject();
            o.put("kept", c.kept());
            ArrayNode rm = o.putArray("removed");
            for (Removed x : c.removed()) {
                rm.addObject().put("id", x.id()).put("similarity", Math.round(x.similarity() * 1e4) / 1e4).put("exact", x.exact());
            }
        }
        return r;
    }
}
