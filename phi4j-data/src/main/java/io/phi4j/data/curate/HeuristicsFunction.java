package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The heuristics step: drops documents that break a rule, recording the rule and why in {@code "reason"}. */
public record HeuristicsFunction(HeuristicRules rules) implements DocumentFunction {
    @Override
    public Outcome apply(ObjectNode doc, String where) {
        HeuristicRules.Rejection r = rules.check(Docs.text(doc, where));
        if (r == null) {
            return Outcome.keep(doc);
        }
        doc.put(Docs.REASON, r.reason());
        return Outcome.drop(doc, r.rule(), r.reason());
    }
}
