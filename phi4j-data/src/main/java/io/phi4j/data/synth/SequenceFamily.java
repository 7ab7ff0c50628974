package io.phi4j.data.synth;

import java.util.ArrayList;
import java.util.List;

/** Number patterns, even and odd, and neighbours on the number line. */
final class SequenceFamily extends QaFamily {
    private static final int STEP_UP = 0;
    private static final int STEP_DOWN = 1;
    private static final int DOUBLING = 2;
    private static final int EVEN_ODD = 3;
    private static final int BETWEEN = 4;
    private static final int NEIGHBOUR = 5;

    @Override
    public String name() {
        return "sequences";
    }

    @Override
    double[] kinds() {
        return new double[] {0.3, 0.15, 0.1, 0.2, 0.1, 0.15};
    }

    @Override
    Problem problem(Ctx ctx, int kind) {
        Rng rng = ctx.rng;
        switch (kind) {
            case STEP_UP, STEP_DOWN -> {
                int step = rng.between(1, 12);
                int len = rng.between(4, 5);
                int start = kind == STEP_UP ? rng.between(0, 50) : rng.between(step * len, step * len + 60);
                int delta = kind == STEP_UP ? step : -step;
                List<Integer> xs = new ArrayList<>();
                for (int i = 0; i < len; i++) {
                    xs.add(start + i * delta);
                }
                int next = start + len * delta;
                String q = rng.chance(0.5) ? "What comes next: " + Text.commas(xs) + ", ...?"
                        : "Find the next number in the pattern " + Text.commas(xs) + ".";
                // The differences first, so the rule is read off the numbers instead of guessed.
                List<String> diffs = new ArrayList<>();
                for (int i = 1; i < len; i++) {
                    int hi = Math.max(xs.get(i), xs.get(i - 1));
                    int lo = Math.min(xs.get(i), xs.get(i - 1));
                    diffs.add(hi + " - " + lo + " = " + step);
                }
                String sol = String.join(", ", diffs) + ". Each number is " + step + (kind == STEP_UP ? " more"
                        : " less") + " than the one before. " + xs.getLast() + (kind == STEP_UP ? " + " : " - ") + step
                        + " = " + next + ". The answer is " + next + ".";
                return new Problem("seq:step:" + start + ":" + delta + ":" + len, q, sol, Integer.toString(next));
            }
            case DOUBLING -> {
                int start = rng.between(1, 5);
                int factor = rng.chance(0.75) ? 2 : 3;
                int len = 4;
                List<Integer> xs = new ArrayList<>();
                int v = start;
                for (int i = 0; i < len; i++) {
                    xs.add(v);
                    v *= factor;
                }
                String q = "What comes next: " + Text.commas(xs) + ", ...?";
                List<String> products = new ArrayList<>();
                for (int i = 1; i < len; i++) {
                    products.add(xs.get(i - 1) + " × " + factor + " = " + xs.get(i));
                }
                String sol = String.join(", ", products) + ". Each number is " + (factor == 2 ? "double"
                        : "three times") + " the one before. " + Steps.mul(xs.getLast(), factor) + " The answer is " + v
                        + ".";
                return new Problem("seq:mul:" + start + ":" + factor, q, sol, Integer.toString(v));
            }
            case EVEN_ODD -> {
                int n = rng.chance(0.5) ? rng.between(1, 99) : rng.between(100, 999);
                int ones = n % 10;
                String parity = n % 2 == 0 ? "even" : "odd";
                String q = "Is " + n + " even or odd?";
                String sol = "Look at the ones digit: " + ones + ". " + ones + " is " + parity + ", so " + n + " is "
                        + parity + ". The answer is " + parity + ".";
                return new Problem("seq:parity:" + n, q, sol, parity);
            }
            case BETWEEN -> {
                int n = rng.between(1, 998);
                String q = "What number comes between " + n + " and " + (n + 2) + "?";
                String sol = n + " + 1 = " + (n + 1) + ", and " + (n + 1) + " + 1 = " + (n + 2) + ". The answer is "
                        + (n + 1) + ".";
                return new Problem("seq:between:" + n, q, sol, Integer.toString(n + 1));
            }
            default -> {
                int n = rng.chance(0.4) ? rng.between(1, 9) * 10 + rng.pick(0, 9) : rng.between(1, 999);
                if (n == 0) {
                    n = 10;
                }
                boolean after = rng.chance(0.5);
                int answer = after ? n + 1 : n - 1;
                String q = "What number comes just " + (after ? "after " : "before ") + n + "?";
                String sol = n + (after ? " + 1 = " : " - 1 = ") + answer + ". The answer is " + answer + ".";
                return new Problem("seq:" + (after ? "after:" : "before:") + n, q, sol, Integer.toString(answer));
            }
        }
    }

    @Override
    Section section(Ctx ctx, int kind) {
        if (kind == EVEN_ODD) {
            return new Section("Even and Odd Numbers", "even and odd numbers",
                    "Even numbers can be split into two equal groups: 0, 2, 4, 6 and 8 are even.",
                    "Odd numbers always have one left over: 1, 3, 5, 7 and 9 are odd.",
                    "To tell if a big number is even or odd, look only at its ones digit.");
        }
        return new Section(ctx.rng.pick("Number Patterns", "What Comes Next?", "Counting On and Back"),
                "number patterns",
                "A number pattern follows a rule.",
                "Find the rule by looking at how each number changes from the one before, then use the rule to find the"
                        + " next number.");
    }
}
