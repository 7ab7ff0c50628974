package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Documents in, documents out, and documents dropped by each rule, for a step's report. */
public final class StepCounts {
    private long in;
    private long out;
    private final Map<String, Long> dropped = new LinkedHashMap<>();

    public StepCounts(Iterable<String> rules) {
        for (String r : rules) {
            dropped.put(r, 0L);
        }
    }

    public void add(DocumentFunction.Outcome o) {
        in++;
        if (o.kept()) {
            out++;
        } else {
            dropped.merge(o.rule(), 1L, Long::sum);
        }
    }

    public long in() {
        return in;
    }

    public long out() {
        return out;
    }

    public Map<String, Long> dropped() {
        return dropped;
    }

    public ObjectNode toJson() {
        ObjectNode o = Docs.newDoc();
        o.put("documents", in);
        o.put("kept", out);
        o.put("dropped", in - out);
        ObjectNode d = o.putObject("dropped_by");
        dropped.forEach(d::put);
        return o;
    }

    public static StepCounts fromJson(JsonNode o) {
        StepCounts c = new StepCounts(java.util.List.of());
        c.in = o.get("documents").asLong();
        c.out = o.get("kept").asLong();
        o.get("dropped_by").properties().forEach(e -> c.dropped.put(e.getKey(), e.getValue().asLong()));
        return c;
    }
}
