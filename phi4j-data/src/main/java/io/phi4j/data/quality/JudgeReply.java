package io.phi4j.data.quality;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the judge's verdict out of a free-text reply. The prompt asks for a last line
 * {@code Educational score: <points>}; models decorate it ({@code **Educational score:** 4}, {@code Educational
 * Score: 3/5}, {@code educational score is 2 points}, {@code Educational score: <4>}, {@code 4.0}), or echo the
 * placeholder. The last such statement wins (models often restate the criteria with numbers before concluding).
 * A reply without one, with a score outside 0–5, or a fractional one (3.5) is unparsable: FineWeb-Edu's own
 * parser also takes the score after "Educational score:" and drops the rest.
 */
public final class JudgeReply {
    /** A reply with no usable score. */
    public static final class Unparsable extends Exception {
        Unparsable(String message) {
            super(message);
        }
    }

    /** The verdict: an integer score 0–5 and the justification that came before it. */
    public record Verdict(int score, String reason) {
    }

    private static final int MAX_REASON_CHARS = 1000;
    private static final Pattern SCORE = Pattern.compile(
            "educational[\\s*_]*score[\\s*_]*(?::|=|-|is|\\bwould be\\b)?[\\s*_:]*(?:is\\s+)?"
                    + "[<\\[(\"']?[ \\t]*(-?\\d+(?:[.,]\\d+)?)[ \\t]*(?:points?)?[>\\])\"']?"
                    + "(?:[ \\t]*(?:/|out[ \\t]+of)[ \\t]*(\\d+))?",
            Pattern.CASE_INSENSITIVE);

    /** Fallback: a last line that talks about the score and holds exactly one number ("The educational score of this extract is 3."). */
    private static final Pattern LAST_LINE = Pattern.compile("(?i)[^\\d]*\\bscore\\b[^\\d]*?(\\d+)(?:\\s*points?)?[.!*\\s]*");

    private JudgeReply() {
    }

    public static Verdict parse(String reply) throws Unparsable {
        if (reply == null || reply.isBlank()) {
            throw new Unparsable("empty reply");
        }
        Matcher m = SCORE.matcher(reply);
        int start = -1;
        String number = null;
        String outOf = null;
        while (m.find()) {
            start = m.start();
            number = m.group(1);
            outOf = m.group(2);
        }
        if (number == null) {
            Matcher last = LAST_LINE.matcher(lastLine(reply));
            if (last.matches()) {
                number = last.group(1);
                start = reply.length() - lastLine(reply).length();
            }
        }
        if (number == null) {
            throw new Unparsable(reply.toLowerCase(Locale.ROOT).contains("educational score")
                    ? "\"Educational score:\" is not followed by a number" : "no \"Educational score: N\" in the reply");
        }
        if (outOf != null && !outOf.equals("5")) {
            throw new Unparsable("score " + number + "/" + outOf + " is not on the 0–5 scale");
        }
        double value;
        try {
            value = Double.parseDouble(number.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new Unparsable("score " + number + " is not a number");
        }
        if (value != Math.rint(value)) {
            throw new Unparsable("score " + number + " is not a whole number of points");
        }
        if (value < 0 || value > 5) {
            throw new Unparsable("score " + number + " is outside 0–5");
        }
        return new Verdict((int) value, reason(reply.substring(0, start)));
    }

    private static String lastLine(String reply) {
        String t = reply.stripTrailing();
        return t.substring(t.lastIndexOf('\n') + 1);
    }

    /** The justification: the text before the score line, without a leading "Justification:" label. */
    static String reason(String before) {
        String r = before.strip().replaceAll("[ \\t*_#]+$", "").strip();
        r = r.replaceFirst("(?i)^[*_#\\s]*(justification|reasoning|explanation)[*_\\s]*:[*_\\s]*", "");
        r = r.replaceAll("\\s+", " ").strip();
        return r.length() > MAX_REASON_CHARS ? r.substring(0, MAX_REASON_CHARS) + "…" : r;
    }
}
