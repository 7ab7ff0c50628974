package io.phi4j.generate;

import java.util.List;

/**
 * Finds stop strings in streamed text. Text that might still turn out to be the start of a stop string is
 * held back, so a caller never prints part of a stop string and then has to take it back.
 */
public final class StopMatcher {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    public StopMatcher(List<String> stops) {
        this.stops = stops;
    }

    /** Adds {@code text}; returns what is now safe to emit (possibly empty). After a stop, returns "". */
    public String accept(String text) {
        if (stopped) {
            return "";
        }
        pending.append(text);
        int earliest = -1;
        for (String s : stops) {
            int at = pending.indexOf(s);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
            }
        }
        if (earliest >= 0) {
            stopped = true;
            String out = pending.substring(0, earliest);
            pending.setLength(0);
            return out;
        }
        int hold = 0;
        for (String s : stops) {
            hold = Math.max(hold, overlap(pending, s));
        }
        String out = pending.substring(0, pending.length() - hold);
        pending.delete(0, pending.length() - hold);
        return out;
    }

    /** The longest suffix of {@code text} that is a proper prefix of {@code stop}. */
    private static int overlap(CharSequence text, String stop) {
        int max = Math.min(text.length(), stop.length() - 1);
        for (int len = max; len > 0; len--) {
            boolean match = true;
            for (int i = 0; i < len && match; i++) {
                match = text.charAt(text.length() - len + i) == stop.charAt(i);
            }
            if (match) {
                return len;
            }
        }
        return 0;
    }

    public boolean stopped() {
        return stopped;
    }

    /** Whatever is held back, at the end of generation without a stop. */
    public String flush() {
        String out = stopped ? "" : pending.toString();
        pending.setLength(0);
        return out;
    }
}
