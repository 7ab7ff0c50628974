package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thresholds of the heuristic rules ({@link HeuristicRules}), by name; a rule whose threshold is absent (set to
 * {@code off}) is not applied. Defaults are Gopher's (Rae et al. 2021, appendix A; the values of datatrove's
 * GopherQualityFilter and GopherRepetitionFilter), plus a digit-ratio bound and C4's boilerplate markers.
 */
public record HeuristicOptions(Map<String, Double> thresholds, List<String> boilerplateMarkers) implements Serializable {
    /** Every rule option with its default, in the order rules are checked. */
    public static final Map<String, Double> DEFAULTS;
    public static final List<String> DEFAULT_MARKERS = List.of("javascript", "cookie policy", "privacy policy",
            "terms of use", "uses cookies", "use of cookies", "use cookies");

    static {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("min_words", 50.0);
        d.put("max_words", 100_000.0);
        d.put("min_mean_word_length", 3.0);
        d.put("max_mean_word_length", 10.0);
        d.put("max_symbol_word_ratio", 0.1);
        d.put("max_bullet_lines", 0.9);
        d.put("max_ellipsis_lines", 0.3);
        d.put("min_alpha_words", 0.8);
        d.put("max_digit_ratio", 0.3);
        d.put("min_stop_words", 2.0);
        d.put("max_dup_line_fraction", 0.3);
        d.put("max_dup_para_fraction", 0.3);
        d.put("max_dup_line_chars", 0.2);
        d.put("max_dup_para_chars", 0.2);
        d.put("max_top_2gram_chars", 0.2);
        d.put("max_top_3gram_chars", 0.18);
        d.put("max_top_4gram_chars", 0.16);
        d.put("max_dup_5gram_chars", 0.15);
        d.put("max_dup_6gram_chars", 0.14);
        d.put("max_dup_7gram_chars", 0.13);
        d.put("max_dup_8gram_chars", 0.12);
        d.put("max_dup_9gram_chars", 0.11);
        d.put("max_dup_10gram_chars", 0.10);
        d.put("lorem_ipsum", 1.0);
        d.put("max_boilerplate_lines", 0.2);
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    public static final HeuristicOptions DEFAULT = new HeuristicOptions(DEFAULTS, DEFAULT_MARKERS);

    public HeuristicOptions {
        thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
        boilerplateMarkers = List.copyOf(boilerplateMarkers);
    }

    /** The threshold of {@code rule}, or null when it is off. */
    public Double get(String rule) {
        return thresholds.get(rule);
    }

    /** A copy with one rule changed: {@code value} is a number, or "off"/"false" to disable ("on"/"true" restores its default). */
    public HeuristicOptions with(String rule, String value) {
        if (!DEFAULTS.containsKey(rule)) {
            throw new PhiException("unknown heuristic rule \"" + rule + "\" (known: " + String.join(", ", DEFAULTS.keySet()) + ")");
        }
        Map<String, Double> t = new LinkedHashMap<>(DEFAULTS);
        t.keySet().retainAll(thresholds.keySet());
        t.putAll(thresholds);
        String v = value.trim().toLowerCase();
        if (v.equals("off") || v.equals("false") || v.equals("none")) {
            t.remove(rule);
        } else if (v.equals("on") || v.equals("true")) {
            t.put(rule, DEFAULTS.get(rule));
        } else {
            try {
                t.put(rule, Double.parseDouble(v));
            } catch (NumberFormatException e) {
                throw new PhiException("heuristic rule " + rule + ": \"" + value + "\" is not a number or off");
            }
        }
        // keep the checking order of DEFAULTS
        Map<String, Double> ordered = new LinkedHashMap<>();
        DEFAULTS.keySet().forEach(k -> {
            if (t.containsKey(k)) {
                ordered.put(k, t.get(k));
            }
        });
        return new HeuristicOptions(ordered, boilerplateMarkers);
    }

    /** From a pipeline step's JSON: {"rules": {"min_words": 20, "max_digit_ratio": "off"}, "boilerplate_markers": [...]}. */
    public static HeuristicOptions fromJson(JsonNode o) {
        StepOptions.checkKnown("heuristics", o, java.util.Set.of("rules", "boilerplate_markers", "rejected", "report"));
        HeuristicOptions h = DEFAULT;
        JsonNode rules = o == null ? null : o.get("rules");
        if (rules != null) {
            if (!rules.isObject()) {
                throw new PhiException("heuristics: \"rules\" must be an object of rule name to number or \"off\"");
            }
            for (var e : rules.properties()) {
                JsonNode v = e.getValue();
                h = h.with(e.getKey(), v.isNull() ? "off" : v.asText());
            }
        }
        JsonNode m = o == null ? null : o.get("boilerplate_markers");
        if (m != null) {
            List<String> markers = new ArrayList<>();
            m.forEach(x -> markers.add(x.asText().toLowerCase()));
            h = new HeuristicOptions(h.thresholds(), markers);
        }
        return h;
    }
}
