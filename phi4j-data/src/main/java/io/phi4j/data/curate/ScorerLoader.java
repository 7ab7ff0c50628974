package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the scorer of a score step: a factory registered with {@link #register} or provided through
 * {@link ServiceLoader}. The step's {@code "scorer"} option names it (default {@value #DEFAULT}, the quality
 * classifier's name). Built in: {@code "length"} (log of the word count, for tests and smoke runs).
 */
public final class ScorerLoader {
    public static final String DEFAULT = "classifier";
    private static final Map<String, ScorerFactory> REGISTERED = new ConcurrentHashMap<>();

    static {
        register(new ScorerFactory() {
            @Override
            public String name() {
                return "length";
            }

            @Override
            public DocumentScorer create(JsonNode options) {
                return text -> Math.log1p(new TextStats(text).words.size());
            }
        });
    }

    private ScorerLoader() {
    }

    public static void register(ScorerFactory f) {
        REGISTERED.put(f.name(), f);
    }

    public static DocumentScorer load(String name, JsonNode options) {
        Map<String, ScorerFactory> all = new TreeMap<>(REGISTERED);
        for (ScorerFactory f : ServiceLoader.load(ScorerFactory.class)) {
            all.putIfAbsent(f.name(), f);
        }
        ScorerFactory f = all.get(name);
        if (f == null) {
            throw new PhiException("no scorer \"" + name + "\" (available: " + String.join(", ", all.keySet()) + ")");
        }
        return f.create(options);
    }
}
