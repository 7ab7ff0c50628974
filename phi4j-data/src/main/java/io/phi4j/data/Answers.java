package io.phi4j.data;

import java.util.List;

/**
 * How an answer is scored. Every reference completion of a question-answer lesson ends with its answer ("… So
 * 27 + 38 = 65. The answer is 65."), so a model's completion is correct when, cut at the end of its reply, it ends
 * the same way: {@code answer} at the very end (a final period and whitespace aside), not glued to a preceding
 * letter or digit (so "165" does not count for "65").
 */
public final class Answers {
    /** Where a reply ends: end of text, a blank line, or the next turn of a dialogue or lesson. */
    public static final List<String> STOPS = List.of("<|endoftext|>", "\n\n", "\nInstruct:", "\nAlice:",
            "\nBob:", "\nQuestion:", "\nExercise:");

    private Answers() {
    }

    /** The reply: the completion up to the first {@link #STOPS stop}. */
    public static String cut(String completion) {
        int end = completion.length();
        for (String stop : STOPS) {
            int i = completion.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return completion.substring(0, end);
    }

    /** True when the completion's reply ends with the answer. */
    public static boolean isCorrect(String completion, String answer) {
        String reply = strip(cut(completion));
        String want = strip(answer);
        if (want.isEmpty() || !reply.endsWith(want)) {
            return false;
        }
        int before = reply.length() - want.length() - 1;
        return before < 0 || !Character.isLetterOrDigit(reply.charAt(before));
    }

    private static String strip(String s) {
        String t = s.strip();
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t;
    }
}
