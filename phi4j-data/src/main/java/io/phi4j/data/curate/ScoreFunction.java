package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The score step: adds the scorer's value of each document's text as a number field ({@code "quality"} by default).
 * The scorer itself is not serializable, so it is created lazily from its name and options where it runs.
 */
public final class ScoreFunction implements DocumentFunction {
    private final String scorerName;
    private final String optionsJson;
    private final String field;
    private transient volatile DocumentScorer scorer;

    public ScoreFunction(String scorerName, String optionsJson, String field) {
        this.scorerName = scorerName;
        this.optionsJson = optionsJson;
        this.field = field;
    }

    /** For in-process use with a ready scorer (tests, the CLI). */
    public ScoreFunction(DocumentScorer scorer, String field) {
        this(null, "{}", field);
        this.scorer = scorer;
    }

    private DocumentScorer scorer() {
        DocumentScorer s = scorer;
        if (s == null) {
            synchronized (this) {
                if (scorer == null) {
                    scorer = ScorerLoader.load(scorerName, Docs.parse(optionsJson, "score options"));
                }
                s = scorer;
            }
        }
        return s;
    }

    @Override
    public Outcome apply(ObjectNode doc, String where) {
        doc.put(field, scorer().score(Docs.text(doc, where)));
        return Outcome.keep(doc);
    }
}
