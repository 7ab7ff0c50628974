package io.phi4j.data.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Worked calculations cut into steps a tiny model can copy: every step is a times-table fact, a multiplication by
 * a round number, or an addition of one place part ("560 + 60 = 620"). A small model does these reliably, while
 * "560 + 63 = 623" or "17 × 24 = 408" done in one go is where it goes wrong. Each method returns sentences whose
 * last one states the full result, so a caller can go on with "So …" or use the result directly.
 */
final class Steps {
    private Steps() {
    }

    /** The non-zero place parts of n, largest first: 607 → [600, 7]. */
    static List<Integer> placeParts(int n) {
        List<Integer> parts = new ArrayList<>();
        String s = Integer.toString(n);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                parts.add((s.charAt(i) - '0') * (int) Math.pow(10, s.length() - 1 - i));
            }
        }
        return parts;
    }

    /**
     * "560 + 60 = 620. 620 + 3 = 623.": adds the smaller number one place part at a time. A single step when the
     * smaller number has one non-zero digit ("340 + 60 = 400.").
     */
    static String add(int a, int b) {
        int big = Math.max(a, b);
        int small = Math.min(a, b);
        List<Integer> parts = placeParts(small);
        // 3000 + 757 = 3757 is copying digits into the zeros: one step.
        boolean fillsZeros = big % (int) Math.pow(10, Integer.toString(small).length()) == 0;
        if (parts.size() <= 1 || big < 10 || fillsZeros) {
            return a + " + " + b + " = " + (a + b) + ".";
        }
        StringBuilder sb = new StringBuilder();
        int cur = big;
        for (int p : parts) {
            sb.append(sb.isEmpty() ? "" : " ").append(cur).append(" + ").append(p).append(" = ").append(cur + p)
                    .append('.');
            cur += p;
        }
        return sb.toString();
    }

    /** Like {@link #add} but ends with "So a + b = s." when it took more than one step. */
    static String addSo(int a, int b) {
        String s = add(a, b);
        return s.equals(a + " + " + b + " = " + (a + b) + ".") ? s : s + " So " + a + " + " + b + " = " + (a + b) + ".";
    }

    private static boolean isPowerOfTen(int n) {
        return n == 10 || n == 100 || n == 1000 || n == 10000;
    }

    /** True when a × b is a fact we let the model recall: a times-table fact, or times a power of ten. */
    private static boolean isFact(int a, int b) {
        if (a <= 1 || b <= 1 || isPowerOfTen(a) || isPowerOfTen(b)) {
            return true;
        }
        if (a < 10 && b < 10) {
            return true;
        }
        // A round number times a digit: 80 × 7 = 560 is 8 × 7 with a 0.
        return (placeParts(a).size() == 1 && b < 10) || (placeParts(b).size() == 1 && a < 10);
    }

    /**
     * a × b in steps, written with {@code op} ("×", or "*" in Python lessons); the last sentence is
     * "So a × b = p." (or the single fact). Splits the factor that is not a single digit into tens and ones:
     * "Split 89 into 80 and 9. 80 × 7 = 560 and 9 × 7 = 63. 560 + 60 = 620. 620 + 3 = 623. So 89 × 7 = 623."
     */
    static String mul(int a, int b, String op) {
        int p = a * b;
        String fact = a + " " + op + " " + b + " = " + p + ".";
        if (isFact(a, b)) {
            return fact;
        }
        if (b % 10 == 0 && b < 100 && a >= 10) {
            // 17 × 60: 17 × 6 first, then add a zero.
            return mul(a, b / 10, op) + " Add a zero: " + fact;
        }
        // Split the factor that is not a single digit (b when both are, so "17 × 24" splits 24 into 20 and 4)
        // into its place parts, multiply each, then add the products one place part at a time.
        boolean splitB = b >= 10;
        int split = splitB ? b : a;
        List<Integer> parts = placeParts(split);
        if (parts.size() < 2 || (!splitB && b >= 10)) {
            throw new IllegalArgumentException("no steps for " + a + " × " + b);
        }
        List<String> partNames = parts.stream().map(String::valueOf).toList();
        List<String> products = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        for (int part : parts) {
            int v = splitB ? a * part : part * b;
            products.add((splitB ? a + " " + op + " " + part : part + " " + op + " " + b) + " = " + v);
            values.add(v);
        }
        StringBuilder sb = new StringBuilder("Split " + split + " into " + Text.joinAnd(partNames) + ". "
                + Text.joinAnd(products) + ".");
        int sum = values.getFirst();
        for (int i = 1; i < values.size(); i++) {
            sb.append(' ').append(add(sum, values.get(i)));
            sum += values.get(i);
        }
        return sb + " So " + fact;
    }

    static String mul(int a, int b) {
        return mul(a, b, "×");
    }

    /**
     * An exact division n ÷ d = q by guess and check with a round multiple: "12 × 20 = 240. 252 - 240 = 12.
     * 12 ÷ 12 = 1. 20 + 1 = 21. So 252 ÷ 12 = 21." Ends with "So n ÷ d = q." (or the single step).
     */
    static String div(int n, int d) {
        if (n % d != 0) {
            throw new IllegalArgumentException(n + " ÷ " + d + " is not exact");
        }
        int q = n / d;
        String result = n + " ÷ " + d + " = " + q + ".";
        if (isPowerOfTen(d)) {
            int zeros = Integer.toString(d).length() - 1;
            return "Take away " + (zeros == 1 ? "one zero" : zeros == 2 ? "two zeros" : "three zeros") + ": " + result;
        }
        if (q < 10) {
            return check(d, q) + ", so " + result;
        }
        int round = q / 10 * 10;
        int left = n - d * round;
        StringBuilder sb = new StringBuilder();
        sb.append(d).append(" × ").append(round).append(" = ").append(d * round).append(". ");
        sb.append(n).append(" - ").append(d * round).append(" = ").append(left).append('.');
        if (left == 0) {
            sb.append(" Nothing is left, so ").append(result);
            return sb.toString();
        }
        int rest = q - round;
        sb.append(' ').append(check(d, rest)).append(", so ").append(left).append(" ÷ ").append(d).append(" = ")
                .append(rest).append('.');
        sb.append(' ').append(round).append(" + ").append(rest).append(" = ").append(q).append(". So ").append(result);
        return sb.toString();
    }

    /** "12 × 7 = 84" or, for a two-digit divisor, its steps ending in "So 24 × 7 = 168" (no final period). */
    private static String check(int d, int q) {
        if (d <= 12 && q <= 12) {
            return d + " × " + q + " = " + d * q; // a times-table fact
        }
        String s = mul(d, q);
        return s.substring(0, s.length() - 1);
    }

    /**
     * Finds the largest (or smallest) number by going through the list once, keeping the best so far:
     * "Start with 6. 2 is smaller than 6, so keep 2. 9 is not smaller than 2. The smallest is 2."
     */
    static String scan(List<Integer> xs, boolean largest) {
        String word = largest ? "larger" : "smaller";
        int best = xs.getFirst();
        StringBuilder sb = new StringBuilder("Start with " + best + ".");
        for (int i = 1; i < xs.size(); i++) {
            int x = xs.get(i);
            if (largest ? x > best : x < best) {
                sb.append(' ').append(x).append(" is ").append(word).append(" than ").append(best).append(", so keep ")
                        .append(x).append('.');
                best = x;
            } else {
                sb.append(' ').append(x).append(" is not ").append(word).append(" than ").append(best).append('.');
            }
        }
        return sb.append(" The ").append(largest ? "largest" : "smallest").append(" is ").append(best).append('.')
                .toString();
    }

    /**
     * Orders the numbers by picking the smallest (or largest) again and again, each pick found by a {@link #scan}
     * of what is left: "Find the smallest of 5, 2, 9. Start with 5. 2 is smaller than 5, so keep 2. 9 is not
     * smaller than 2. The smallest is 2. Find the smallest of 5, 9. … The last one is 9." (then the caller states
     * the order). The first tiny models named each pick in one step ("The smallest of 415, 244, 437 is 437") and
     * got a third of four-number orderings wrong; a scan compares only two numbers at a time.
     */
    static String selection(List<Integer> xs, boolean up) {
        List<Integer> left = new ArrayList<>(xs);
        StringBuilder sb = new StringBuilder();
        while (left.size() > 1) {
            int pick = up ? Collections.min(left) : Collections.max(left);
            sb.append(sb.isEmpty() ? "" : " ").append("Find the ").append(up ? "smallest" : "largest").append(" of ")
                    .append(Text.commas(left)).append(". ")
                    .append(scan(left, !up));
            left.remove(Integer.valueOf(pick));
        }
        return sb.append(" The last one is ").append(left.getFirst()).append('.').toString();
    }
}
