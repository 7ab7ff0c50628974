package io.phi4j.data.wordnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A WordNet gloss split into its definition and its quoted examples. Glosses look like
 * {@code enjoying or showing or marked by joy or pleasure; "a happy smile"; "spent many happy days"}.
 * Parenthetical remarks ({@code (usually followed by `to')}) are dropped: they confuse young readers and
 * tiny models alike.
 */
record Gloss(String definition, List<String> examples) {
    private static final int MAX_DEFINITION = 110;
    private static final int MAX_EXAMPLE = 90;

    /** The parsed gloss, or null if it has no usable definition. */
    static Gloss parse(String gloss, String lemma) {
        List<String> definitions = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        for (String part : gloss.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("\"")) {
                String ex = p.replace("\"", "").trim();
                if (ex.length() <= MAX_EXAMPLE && containsWordForm(ex, lemma) && plain(ex)) {
                    examples.add(ex);
                }
            } else if (examples.isEmpty()) {
                definitions.add(p);
            }
        }
        if (definitions.isEmpty()) {
            return null;
        }
        String def = definitions.getFirst().replaceAll("\\([^)]*\\)", "").replaceAll("\\s+", " ").trim();
        while (def.endsWith(".") || def.endsWith(",") || def.endsWith(":")) {
            def = def.substring(0, def.length() - 1).trim();
        }
        if (def.length() < 8 || def.length() > MAX_DEFINITION || !plain(def)) {
            return null;
        }
        return new Gloss(def, examples);
    }

    /** Only characters a simple lesson needs (no quotes, brackets or foreign letters). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && " ,.'-!?".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsWordForm(String example, String lemma) {
        String stem = lemma.length() > 4 ? lemma.substring(0, lemma.length() - 1) : lemma;
        for (String w : example.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (w.startsWith(stem)) {
                return true;
            }
        }
        return false;
    }
}
