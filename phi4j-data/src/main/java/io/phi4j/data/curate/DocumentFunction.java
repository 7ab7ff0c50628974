package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Serializable;

/**
 * A map-like pipeline step applied to one document at a time, independently of all others (heuristics, score,
 * filter by threshold), so any engine can run it: the local engine on a thread pool, Spark in a {@code mapPartitions}.
 * Implementations are serializable and thread-safe. The function may modify and return the document it is given.
 */
@FunctionalInterface
public interface DocumentFunction extends Serializable {
    /** Keep the (possibly changed) document, or drop it with the rule that dropped it and a reason. */
    record Outcome(ObjectNode doc, String rule, String reason) {
        public static Outcome keep(ObjectNode doc) {
            return new Outcome(doc, null, null);
        }

        public static Outcome drop(ObjectNode doc, String rule, String reason) {
            return new Outcome(doc, rule, reason);
        }

        public boolean kept() {
            return rule == null;
        }
    }

    /** {@code where} ("file:line") names the document in errors. */
    Outcome apply(ObjectNode doc, String where);
}
