package io.phi4j.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Comparing numbers, the signs {@code <} {@code >} {@code =}, ordering lists, and comparisons in context. */
final class CompareFamily extends QaFamily {
    private static final int GREATER = 0;
    private static final int SIGN = 1;
    private static final int ORDER = 2;
    private static final int EXTREME = 3;
    private static final int WORD = 4;

    private static final String[] PLACE = {"ones", "tens", "hundreds"};

    /**
     * A measured quality. {@code fact} formats (name, number); {@code more}/{@code less} are the question's verb
     * phrase ("is older", "scored fewer points"), reused in the answer sentence.
     */
    record Quality(String fact, String more, String less, int lo, int hi) {
    }

    private static final List<Quality> QUALITIES = List.of(
            new Quality("%s is %d years old", "is older", "is younger", 5, 15),
            new Quality("%s is %d centimeters tall", "is taller", "is shorter", 95, 170),
            new Quality("%s weighs %d kilograms", "is heavier", "is lighter", 18, 60),
            new Quality("%s scored %d points", "scored more points", "scored fewer points", 10, 99),
            new Quality("%s read %d pages", "read more pages", "read fewer pages", 10, 99),
            new Quality("%s ran %d meters", "ran farther", "ran a shorter distance", 50, 400));

    @Override
    public String name() {
        return "compare";
    }

    @Override
    double[] kinds() {
        return new double[] {0.25, 0.2, 0.25, 0.15, 0.15};
    }

    /** Why a > b, digit by digit from the left (a and b differ). */
    static String whyGreater(int a, int b) {
        String sa = Integer.toString(a);
        String sb = Integer.toString(b);
        if (sa.length() != sb.length()) {
            return a + " has " + sa.length() + " digits and " + b + " has " + sb.length() + ", so " + a
                    + " is greater.";
        }
        for (int i = 0; i < sa.length(); i++) {
            if (sa.charAt(i) != sb.charAt(i)) {
                String place = PLACE[sa.length() - 1 - i];
                String same = i == 0 ? "" : "The " + PLACE[sa.length() - i] + " are the same. ";
                return same + "Compare the " + place + ": " + sa.charAt(i) + " is more than " + sb.charAt(i) + ", so "
                        + a + " is greater.";
            }
        }
        throw new IllegalArgumentException("equal numbers");
    }

    private static int number(Rng rng) {
        return rng.chance(0.7) ? rng.between(10, 99) : rng.between(100, 999);
    }

    @Override
    Problem problem(Ctx ctx, int kind) {
        Rng rng = ctx.rng;
        switch (kind) {
            case GREATER -> {
                int a = number(rng);
                int b = rng.chance(0.3) && a >= 10 ? Integer.parseInt(new StringBuilder(Integer.toString(a)).reverse()
                        .toString()) : number(rng);
                if (a == b) {
                    b = a + rng.between(1, 9);
                }
                int big = Math.max(a, b);
                int small = Math.min(a, b);
                boolean askGreater = rng.chance(0.6);
                String q = "Which is " + (askGreater ? rng.pick("greater", "bigger", "larger") : rng.pick("smaller",
                        "less")) + ", " + a + " or " + b + "?";
                String answer = Integer.toString(askGreater ? big : small);
                String why = whyGreater(big, small) + (askGreater ? "" : " So " + small + " is smaller.");
                return new Problem("cmp:" + small + "," + big, q, why + " The answer is " + answer + ".", answer);
            }
            case SIGN -> {
                int a = number(rng);
                int b = rng.chance(0.15) ? a : number(rng);
                String sign = a > b ? ">" : a < b ? "<" : "=";
                String q = "Which sign goes between " + a + " and " + b + ": <, > or =?";
                String why = a == b ? "The numbers are the same." : a > b ? whyGreater(a, b) : whyGreater(b, a);
                String sol = why + " So " + a + " " + sign + " " + b + ". The answer is " + a + " " + sign + " " + b
                        + ".";
                return new Problem("cmp:" + Math.min(a, b) + "," + Math.max(a, b), q, sol, a + " " + sign + " " + b);
            }
            case ORDER, EXTREME -> {
                int count = rng.between(3, 5);
                TreeSet<Integer> set = new TreeSet<>();
                int max = rng.chance(0.6) ? 99 : 999;
                while (set.size() < count) {
                    set.add(rng.between(1, max));
                }
                List<Integer> shown = rng.sample(new ArrayList<>(set), count);
                List<String> shownText = shown.stream().map(String::valueOf).toList();
                List<Integer> sorted = new ArrayList<>(set);
                String key = "cmp:set:" + sorted;
                if (kind == EXTREME) {
                    boolean largest = rng.chance(0.5);
                    int answer = largest ? sorted.getLast() : sorted.getFirst();
                    String q = "What is the " + (largest ? "largest" : "smallest") + " number in this list: "
                            + String.join(", ", shownText) + "?";
                    String sol = Steps.scan(shown, largest) + " The answer is " + answer + ".";
                    return new Problem(key + (largest ? ":max" : ":min"), q, sol, Integer.toString(answer));
                }
                boolean up = rng.chance(0.6);
                List<Integer> ordered = new ArrayList<>(sorted);
                if (!up) {
                    ordered = ordered.reversed();
                }
                String q = "Put these numbers in order from " + (up ? "smallest to largest" : "largest to smallest")
                        + ": " + String.join(", ", shownText) + ".";
                String sol = Steps.selection(shown, up) + " In order: " + Text.commas(ordered) + ". The answer is "
                        + Text.commas(ordered) + ".";
                return new Problem(key + (up ? ":up" : ":down"), q, sol, Text.commas(ordered));
            }
            default -> {
                Quality qual = rng.pick(QUALITIES);
                Person[] pq = ctx.twoPeople();
                int a = rng.between(qual.lo(), qual.hi());
                int b = rng.between(qual.lo(), qual.hi());
                if (a == b) {
                    b = a == qual.hi() ? a - 1 : a + 1;
                }
                boolean askMore = rng.chance(0.5);
                String verb = askMore ? qual.more() : qual.less();
                Person winner = (a > b) == askMore ? pq[0] : pq[1];
                String q = String.format(qual.fact(), pq[0].name(), a) + ". " + String.format(qual.fact(),
                        pq[1].name(), b) + ". Who " + verb + "?";
                // Each name with its number first, so the conclusion binds the right name.
                String sol = pq[0].name() + ": " + a + ". " + pq[1].name() + ": " + b + ". " + Math.max(a, b)
                        + " is more than " + Math.min(a, b) + ", so " + winner.name() + " " + verb + ". The answer is "
                        + winner.name() + ".";
                return new Problem("cmp:" + Math.min(a, b) + "," + Math.max(a, b), List.of(), q, sol, winner.name());
            }
        }
    }

    @Override
    Section section(Ctx ctx, int kind) {
        return new Section(ctx.rng.pick("Comparing Numbers", "Bigger or Smaller?", "Putting Numbers in Order"),
                "comparing numbers",
                "To compare two numbers, first count their digits: a number with more digits is greater.",
                "If they have the same number of digits, compare the digits from the left. The first place where they"
                        + " differ decides.",
                "We write a > b when a is greater, a < b when a is less, and a = b when they are the same.");
    }
}
