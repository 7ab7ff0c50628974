package io.phi4j.data.curate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gopher/C4-style document quality rules. {@link #check} returns the first rule a document breaks (in the order
 * of {@link HeuristicOptions#DEFAULTS}), with the measured value, or null if it passes all of them.
 */
public final class HeuristicRules implements Serializable {
    /** Gopher's stop words: a document of English prose contains at least two of them. */
    static final Set<String> STOP_WORDS = Set.of("the", "be", "to", "of", "and", "that", "have", "with");
    private static final Pattern PARAGRAPHS = Pattern.compile("\n{2,}");

    private final HeuristicOptions options;

    public HeuristicRules(HeuristicOptions options) {
        this.options = options;
    }

    public HeuristicOptions options() {
        return options;
    }

    /** A broken rule: its name and a short account ("12 words < 50"). */
    public record Rejection(String rule, String detail) implements Serializable {
        public String reason() {
            return rule + ": " + detail;
        }
    }

    /** The names of all rules, in checking order (for reports). */
    public List<String> ruleNames() {
        return new ArrayList<>(options.thresholds().keySet());
    }

    public Rejection check(String text) {
        TextStats t = new TextStats(text);
        int nWords = t.words.size();
        for (var e : options.thresholds().entrySet()) {
            Rejection r = apply(e.getKey(), e.getValue(), t, nWords);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private Rejection apply(String rule, double limit, TextStats t, int nWords) {
        String text = t.text;
        int len = Math.max(1, text.length());
        switch (rule) {
            case "min_words":
                return nWords < limit ? reject(rule, "%d words < %s", nWords, num(limit)) : null;
            case "max_words":
                return nWords > limit ? reject(rule, "%d words > %s", nWords, num(limit)) : null;
            case "min_mean_word_length":
            case "max_mean_word_length": {
                if (nWords == 0) {
                    return rule.startsWith("min") ? reject(rule, "no words") : null;
                }
                double mean = t.words.stream().mapToInt(String::length).sum() / (double) nWords;
                boolean bad = rule.startsWith("min") ? mean < limit : mean > limit;
                return bad ? reject(rule, "mean word length %.2f %s %s", mean, rule.startsWith("min") ? "<" : ">", num(limit)) : null;
            }
            case "max_symbol_word_ratio": {
                int symbols = count(text, "#") + count(text, "...") + count(text, "…");
                double r = symbols / (double) Math.max(1, nWords);
                return r > limit ? reject(rule, "%.3f symbols (# and ellipses) per word > %s", r, num(limit)) : null;
            }
            case "max_bullet_lines": {
                double r = fractionOfLines(t.lines, l -> {
                    String s = l.stripLeading();
                    return s.startsWith("•") || s.startsWith("-") || s.startsWith("*") || s.startsWith("‣") || s.startsWith("◦");
                });
                return r > limit ? reject(rule, "%.3f of lines start with a bullet > %s", r, num(limit)) : null;
            }
            case "max_ellipsis_lines": {
                double r = fractionOfLines(t.lines, l -> {
                    String s = l.stripTrailing();
                    return s.endsWith("...") || s.endsWith("…");
                });
                return r > limit ? reject(rule, "%.3f of lines end with an ellipsis > %s", r, num(limit)) : null;
            }
            case "min_alpha_words": {
                if (t.tokens == 0) {
                    return null;
                }
                long alpha = t.words.stream().filter(w -> w.codePoints().anyMatch(Character::isLetter)).count();
                double r = alpha / (double) t.tokens;
                return r < limit ? reject(rule, "%.3f of words have a letter < %s", r, num(limit)) : null;
            }
            case "max_digit_ratio": {
                long digits = 0, nonSpace = 0;
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (!Character.isWhitespace(c)) {
                        nonSpace++;
                        if (Character.isDigit(c)) {
                            digits++;
                        }
                    }
                }
                double r = digits / (double) Math.max(1, nonSpace);
                return r > limit ? reject(rule, "%.3f of characters are digits > %s", r, num(limit)) : null;
            }
            case "min_stop_words": {
                long stop = t.words.stream().filter(w -> STOP_WORDS.contains(w.toLowerCase(Locale.ROOT))).count();
                return stop < limit ? reject(rule, "%d stop words < %s", stop, num(limit)) : null;
            }
            case "max_dup_line_fraction":
            case "max_dup_line_chars": {
                List<String> lines = Arrays.stream(text.split("\n+")).toList();
                Repetition.Duplicates d = Repetition.duplicates(lines);
                return repetition(rule, rule.endsWith("fraction") ? d.elements() / (double) Math.max(1, lines.size())
                        : d.chars() / (double) len, limit, "lines");
            }
            case "max_dup_para_fraction":
            case "max_dup_para_chars": {
                List<String> paras = Arrays.asList(PARAGRAPHS.split(text.strip()));
                Repetition.Duplicates d = Repetition.duplicates(paras);
                return repetition(rule, rule.endsWith("fraction") ? d.elements() / (double) Math.max(1, paras.size())
                        : d.chars() / (double) len, limit, "paragraphs");
            }
            case "lorem_ipsum":
                return limit > 0 && text.toLowerCase(Locale.ROOT).contains("lorem ipsum") ? reject(rule, "contains \"lorem ipsum\"") : null;
            case "max_boilerplate_lines": {
                double r = fractionOfLines(t.lines, l -> {
                    String s = l.toLowerCase(Locale.ROOT);
                    for (String m : options.boilerplateMarkers()) {
                        if (s.contains(m)) {
                            return true;
                        }
                    }
                    return false;
                });
                return r > limit ? reject(rule, "%.3f of lines mention javascript, cookies or policies > %s", r, num(limit)) : null;
            }
            default:
                if (rule.startsWith("max_top_") && rule.endsWith("gram_chars")) {
                    int n = Integer.parseInt(rule.substring(8, rule.length() - 10));
                    return repetition(rule, Repetition.topNgramChars(t.words, t.wordHashes(), n) / (double) len, limit, "characters in the top " + n + "-gram");
                }
                if (rule.startsWith("max_dup_") && rule.endsWith("gram_chars")) {
                    int n = Integer.parseInt(rule.substring(8, rule.length() - 10));
                    return repetition(rule, Repetition.duplicateNgramChars(t.words, t.wordHashes(), n) / (double) len, limit, "characters in repeated " + n + "-grams");
                }
                throw new IllegalStateException("rule " + rule);
        }
    }

    private static Rejection repetition(String rule, double value, double limit, String what) {
        return value > limit ? reject(rule, "%.3f duplicated %s > %s", value, what, num(limit)) : null;
    }

    /** A threshold as written by a person: 50, not 50.0. */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static Rejection reject(String rule, String fmt, Object... args) {
        return new Rejection(rule, String.format(Locale.ROOT, fmt, args));
    }

    private static double fractionOfLines(String[] lines, java.util.function.Predicate<String> p) {
        int n = 0, hit = 0;
        for (String l : lines) {
            if (l.isBlank()) {
                continue;
            }
            n++;
            if (p.test(l)) {
                hit++;
            }
        }
        return n == 0 ? 0 : hit / (double) n;
    }

    private static int count(String s, String needle) {
        int c = 0, i = 0;
        while ((i = s.indexOf(needle, i)) >= 0) {
            c++;
            i += needle.length();
        }
        return c;
    }
}
