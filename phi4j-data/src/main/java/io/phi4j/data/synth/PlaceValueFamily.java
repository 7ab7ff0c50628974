package io.phi4j.data.synth;

import java.util.ArrayList;
import java.util.List;

/** Digits and their values, expanded form, building numbers from parts, and rounding. */
final class PlaceValueFamily extends QaFamily {
    private static final String[] PLACES = {"ones", "tens", "hundreds", "thousands"};
    private static final int VALUE = 0;
    private static final int EXPANDED = 1;
    private static final int BUILD = 2;
    private static final int ROUND = 3;
    private static final int DIGIT_IN_PLACE = 4;

    @Override
    public String name() {
        return "place-value";
    }

    @Override
    double[] kinds() {
        return new double[] {0.25, 0.2, 0.2, 0.2, 0.15};
    }

    private static int digit(int n, int place) {
        return n / pow10(place) % 10;
    }

    private static int pow10(int p) {
        int v = 1;
        for (int i = 0; i < p; i++) {
            v *= 10;
        }
        return v;
    }

    @Override
    Problem problem(Ctx ctx, int kind) {
        Rng rng = ctx.rng;
        int n = rng.chance(0.4) ? rng.between(100, 999) : rng.between(1000, 9999);
        int places = Integer.toString(n).length();
        switch (kind) {
            case VALUE -> {
                // Pick a place whose digit is non-zero and appears only once, so "the digit 5" is unambiguous.
                List<Integer> ok = new ArrayList<>();
                for (int p = 0; p < places; p++) {
                    int d = digit(n, p);
                    long same = Integer.toString(n).chars().filter(c -> c - '0' == d).count();
                    if (d != 0 && same == 1) {
                        ok.add(p);
                    }
                }
                if (ok.isEmpty()) {
                    return problem(ctx, EXPANDED);
                }
                int p = rng.pick(ok);
                int d = digit(n, p);
                int value = d * pow10(p);
                String q = rng.chance(0.5) ? "What is the value of the digit " + d + " in " + n + "?"
                        : "In the number " + n + ", what is the digit " + d + " worth?";
                String sol = "In " + n + ", the digit " + d + " is in the " + PLACES[p] + " place. So it is worth " + d
                        + " " + PLACES[p] + ", which is " + value + ". The answer is " + value + ".";
                return new Problem("pv:value:" + n + ":" + p, q, sol, Integer.toString(value));
            }
            case EXPANDED -> {
                List<String> parts = new ArrayList<>();
                List<String> words = new ArrayList<>();
                for (int p = places - 1; p >= 0; p--) {
                    int d = digit(n, p);
                    if (d != 0) {
                        parts.add(Integer.toString(d * pow10(p)));
                        words.add(d + " " + (d == 1 ? PLACES[p].substring(0, PLACES[p].length() - 1) : PLACES[p]));
                    }
                }
                String expanded = String.join(" + ", parts);
                String q = rng.chance(0.5) ? "Write " + n + " in expanded form." : "How do you write " + n
                        + " as a sum of the values of its digits?";
                String sol = n + " has " + Text.joinAnd(words) + ". So " + n + " = " + expanded + ". The answer is "
                        + expanded + ".";
                return new Problem("pv:expand:" + n, q, sol, expanded);
            }
            case BUILD -> {
                List<String> words = new ArrayList<>();
                List<String> parts = new ArrayList<>();
                for (int p = places - 1; p >= 0; p--) {
                    int d = digit(n, p);
                    words.add(d + " " + (d == 1 ? PLACES[p].substring(0, PLACES[p].length() - 1) : PLACES[p]));
                    if (d != 0) {
                        parts.add(Integer.toString(d * pow10(p)));
                    }
                }
                String q = "What number has " + Text.joinAnd(words) + "?";
                String sol = parts.size() == 1 ? "That is " + n + ". The answer is " + n + "."
                        : "Add the values: " + String.join(" + ", parts) + " = " + n + ". The answer is " + n + ".";
                return new Problem("pv:build:" + n, q, sol, Integer.toString(n));
            }
            case ROUND -> {
                int to = places == 4 && rng.chance(0.5) ? 2 : rng.chance(0.5) ? 1 : 2;
                int unit = pow10(to);
                String unitName = to == 1 ? "ten" : "hundred";
                int look = digit(n, to - 1);
                int down = n / unit * unit;
                int rounded = look >= 5 ? down + unit : down;
                String q = "Round " + n + " to the nearest " + unitName + ".";
                String sol = "To round to the nearest " + unitName + ", look at the " + PLACES[to - 1] + " digit. In "
                        + n + " the " + PLACES[to - 1] + " digit is " + look + ". " + look
                        + (look >= 5 ? " is 5 or more, so round up" : " is less than 5, so round down") + ": " + n
                        + " becomes " + rounded + ". The answer is " + rounded + ".";
                return new Problem("pv:round:" + n + ":" + unit, q, sol, Integer.toString(rounded));
            }
            default -> {
                int p = rng.between(0, places - 1);
                int d = digit(n, p);
                String q = "Which digit is in the " + PLACES[p] + " place of " + n + "?";
                StringBuilder sb = new StringBuilder("Read the places from the right: ");
                List<String> steps = new ArrayList<>();
                for (int i = 0; i <= p; i++) {
                    steps.add(PLACES[i] + " " + digit(n, i));
                }
                sb.append(String.join(", ", steps)).append(". The ").append(PLACES[p]).append(" digit is ").append(d)
                        .append(". The answer is ").append(d).append('.');
                return new Problem("pv:digit:" + n + ":" + p, q, sb.toString(), Integer.toString(d));
            }
        }
    }

    @Override
    Section section(Ctx ctx, int kind) {
        if (kind == ROUND) {
            return new Section("Rounding Numbers", "rounding",
                    "Rounding makes a number simpler while keeping it close.",
                    "To round to the nearest ten, look at the ones digit; to round to the nearest hundred, look at the"
                            + " tens digit.",
                    "If that digit is 5 or more, round up. If it is less than 5, round down.");
        }
        return new Section(ctx.rng.pick("Place Value", "Ones, Tens, Hundreds and Thousands", "What Digits Are Worth"),
                "place value",
                "Every digit in a number has a place: ones, tens, hundreds and thousands, from right to left.",
                "A digit is worth more when it is further to the left. In 352, the 3 is worth 300, the 5 is worth 50"
                        + " and the 2 is worth 2.");
    }
}
