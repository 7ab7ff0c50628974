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

    /**
     * Which of a and b (in the question's order) is greater, or that they are equal, place by place from the left:
     * "The hundreds: 5 and 5 are the same. The tens: 8 and 9, and 9 is more than 8, so 593 is greater." Both digits
     * are written before either is judged, so the judgement reads only the line it is on: told to compare straight
     * away, the fifth tiny model wrote "5 is more than 5".
     */
    static String placeByPlace(int a, int b) {
        String sa = Integer.toString(a);
        String sb = Integer.toString(b);
        if (sa.length() != sb.length()) {
            int big = Math.max(a, b);
            return a + " has " + sa.length() + " digits and " + b + " has " + sb.length() + ", so " + big
                    + " is greater.";
        }
        StringBuilder sol = new StringBuilder();
        for (int i = 0; i < sa.length(); i++) {
            char da = sa.charAt(i);
            char db = sb.charAt(i);
            String place = PLACE[sa.length() - 1 - i];
            sol.append(i == 0 ? "" : " ").append(Text.capitalize("the " + place)).append(": ").append(da)
                    .append(" and ").append(db);
            if (da != db) {
                char hi = (char) Math.max(da, db);
                char lo = (char) Math.min(da, db);
                return sol.append(", and ").append(hi).append(" is more than ").append(lo).append(", so ")
                        .append(Math.max(a, b)).append(" is greater.").toString();
            }
            sol.append(" are the same.");
        }
        return sol.append(" Every place is the same, so the numbers are equal.").toString();
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
                String why = placeByPlace(a, b) + (askGreater ? "" : " So " + small + " is smaller.");
                return new Problem("cmp:" + small + "," + big, q, why + " The answer is " + answer + ".", answer);
            }
            case SIGN -> {
                int a = number(rng);
                int b = rng.chance(0.15) ? a : number(rng);
                String sign = a > b ? ">" : a < b ? "<" : "=";
                String q = "Which sign goes between " + a + " and " + b + ": <, > or =?";
                String why = placeByPlace(a, b);
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
                // Each number tied to its owner as it is read ("Kenji: 59, so 59 is Kenji's"), then compared in
                // the question's direction, so the winner is the owner of the number just named and is copied
                // from "59 is Kenji's" further up: with "59 is more than 32, so" the fifth tiny model picked the
                // wrong name 4 times in 10, mostly for "fewer" and "shorter".
                int pick = askMore ? Math.max(a, b) : Math.min(a, b);
                int other = askMore ? Math.min(a, b) : Math.max(a, b);
                String sol = owned(pq[0], a) + " " + owned(pq[1], b) + " " + pick + (askMore ? " is more than "
                        : " is less than ") + other + ", and " + pick + " is " + winner.name() + "'s, so "
                        + winner.name() + " " + verb + ". The answer is " + winner.name() + ".";
                return new Problem("cmp:" + Math.min(a, b) + "," + Math.max(a, b), List.of(), q, sol, winner.name());
            }
        }
    }

    /** "Kenji: 59, so 59 is Kenji's." */
    private static String owned(Person p, int n) {
        return p.name() + ": " + n + ", so " + n + " is " + p.name() + "'s.";
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
