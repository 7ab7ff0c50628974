package io.phi4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GSM8K answer extraction and matching as lm_eval/tasks/gsm8k/gsm8k-cot.yaml defines them: the
 * {@code strict-match} filter takes the number after "The answer is" (first match), {@code flexible-extract}
 * takes the last number-like string in the completion (lm_eval/filters/extraction.py {@code RegexFilter});
 * {@code exact_match} compares after deleting {@code ","}, {@code "$"}, everything up to {@code "#### "} and a
 * final {@code "."}, ignoring case (lm_eval/api/metrics.py {@code exact_match_hf_evaluate}).
 */
public final class Gsm8kAnswer {
    public static final String INVALID = "[invalid]";
    private static final Pattern STRICT = Pattern.compile("The answer is (\\-?[0-9\\.\\,]+).");
    private static final Pattern FLEXIBLE = Pattern.compile("(-?[$0-9.,]{2,})|(-?[0-9]+)");
    private static final List<Pattern> IGNORE = List.of(Pattern.compile(","), Pattern.compile("\\$"),
            Pattern.compile("(?s).*#### "), Pattern.compile("\\.$"));

    private Gsm8kAnswer() {
    }

    /** The strict-match extraction: the first "The answer is N." number, or {@link #INVALID}. */
    public static String strict(String completion) {
        Matcher m = STRICT.matcher(completion);
        return m.find() ? m.group(1).strip() : INVALID;
    }

    /** The flexible-extract extraction: the last number-like match (its first non-empty group), or {@link #INVALID}. */
    public static String flexible(String completion) {
        Matcher m = FLEXIBLE.matcher(completion);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1) != null && !m.group(1).isEmpty() ? m.group(1) : m.group(2) != null ? m.group(2) : "");
        }
        if (found.isEmpty()) {
            return INVALID;
        }
        String last = found.getLast();
        return last.isEmpty() ? INVALID : last.strip();
    }

    /** The gold answer: the text after the last "####" of the dataset's answer, stripped. */
    public static String target(String answer) {
        int i = answer.lastIndexOf("####");
        return (i < 0 ? answer : answer.substring(i + 4)).strip();
    }

    public static boolean exactMatch(String prediction, String reference) {
        return normalise(prediction).equals(normalise(reference));
    }

    static String normalise(String s) {
        for (Pattern p : IGNORE) {
            s = p.matcher(s).replaceAll("");
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
