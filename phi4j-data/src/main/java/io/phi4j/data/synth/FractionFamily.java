package io.phi4j.data.synth;

import java.util.ArrayList;
import java.util.List;

/** Fractions: a fraction of a number, simplifying, adding and subtracting like fractions, comparing, equal parts. */
final class FractionFamily extends QaFamily {
    private static final int OF = 0;
    private static final int SIMPLIFY = 1;
    private static final int ADD = 2;
    private static final int SUB = 3;
    private static final int COMPARE = 4;
    private static final int PARTS = 5;
    private static final int EQUIVALENT = 6;

    @Override
    public String name() {
        return "fractions";
    }

    @Override
    double[] kinds() {
        return new double[] {0.2, 0.15, 0.15, 0.1, 0.15, 0.15, 0.1};
    }

    /** "1, 2, 5, 10". */
    static String divisors(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (n % i == 0) {
                out.add(Integer.toString(i));
            }
        }
        return String.join(", ", out);
    }

    static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    Problem problem(Ctx ctx, int kind) {
        Rng rng = ctx.rng;
        switch (kind) {
            case OF -> {
                int d = rng.between(2, 10);
                int top = rng.between(1, d - 1);
                int n = d * rng.between(1, 10);
                int part = n / d;
                String q = rng.chance(0.6) ? "What is " + top + "/" + d + " of " + n + "?"
                        : ctx.person().name() + " has " + ctx.item().of(n) + " and gives away " + top + "/" + d
                                + " of them. How many does that give away?";
                String sol = "To find " + top + "/" + d + " of " + n + ", first divide by " + d + ": " + n + " ÷ " + d
                        + " = " + part + ". Then multiply by " + top + ": " + part + " × " + top + " = " + part * top
                        + ". The answer is " + part * top + ".";
                return new Problem("frac:of:" + top + "/" + d + ":" + n, q, sol, Integer.toString(part * top));
            }
            case SIMPLIFY -> {
                int d0 = rng.between(2, 9);
                int n0 = rng.between(1, d0 - 1);
                int g0 = gcd(n0, d0);
                n0 /= g0;
                d0 /= g0;
                int k = rng.between(2, 6);
                int n = n0 * k;
                int d = d0 * k;
                String q = rng.chance(0.6) ? "Simplify " + n + "/" + d + "." : "Write " + n + "/" + d
                        + " in simplest form.";
                // The divisor lists written out: "the biggest number that divides both" done in one go is guessed.
                String sol = "The numbers that divide " + n + " are " + divisors(n) + ". The numbers that divide " + d
                        + " are " + divisors(d) + ". The biggest number in both lists is " + k + ". " + n + " ÷ "
                        + k + " = " + n0 + " and " + d + " ÷ " + k + " = " + d0 + ". So " + n + "/" + d + " = " + n0
                        + "/" + d0 + ". The answer is " + n0 + "/" + d0 + ".";
                return new Problem("frac:simp:" + n + "/" + d, q, sol, n0 + "/" + d0);
            }
            case ADD, SUB -> {
                int d = rng.between(3, 12);
                int a;
                int b;
                int r;
                int tries = 0;
                do {
                    a = rng.between(1, d - 1);
                    b = rng.between(1, d - 1);
                    if (kind == SUB && b > a) {
                        int t = a;
                        a = b;
                        b = t;
                    }
                    r = kind == ADD ? a + b : a - b;
                    tries++;
                } while ((r <= 0 || r >= d || gcd(r, d) != 1) && tries < 100);
                if (r <= 0 || r >= d || gcd(r, d) != 1) {
                    return problem(ctx, OF);
                }
                String op = kind == ADD ? " + " : " - ";
                String q = "What is " + a + "/" + d + op + b + "/" + d + "?";
                String sol = "The bottoms are the same, so keep " + d + " and " + (kind == ADD ? "add" : "subtract")
                        + " the tops: " + a + op + b + " = " + r + ". So " + a + "/" + d + op + b + "/" + d + " = " + r
                        + "/" + d + ". The answer is " + r + "/" + d + ".";
                return new Problem("frac:" + (kind == ADD ? "add:" : "sub:") + a + "/" + d + op.trim() + b + "/" + d, q,
                        sol, r + "/" + d);
            }
            case COMPARE -> {
                int d1 = rng.between(2, 10);
                int d2 = rng.between(2, 10);
                int n1 = rng.between(1, d1 - 1);
                int n2 = rng.between(1, d2 - 1);
                int left = n1 * d2;
                int right = n2 * d1;
                if (left == right) {
                    return problem(ctx, SIMPLIFY);
                }
                String f1 = n1 + "/" + d1;
                String f2 = n2 + "/" + d2;
                String bigger = left > right ? f1 : f2;
                boolean askBigger = rng.chance(0.6);
                String answer = askBigger ? bigger : left > right ? f2 : f1;
                String q = "Which is " + (askBigger ? "bigger" : "smaller") + ", " + f1 + " or " + f2 + "?";
                String sol = "Cross multiply: " + n1 + " × " + d2 + " = " + left + " and " + n2 + " × " + d1 + " = "
                        + right + ". " + Math.max(left, right) + " is more than " + Math.min(left, right) + ", so "
                        + bigger + " is bigger. The answer is " + answer + ".";
                String key = f1.compareTo(f2) < 0 ? f1 + "," + f2 : f2 + "," + f1;
                return new Problem("frac:cmp:" + key, q, sol, answer);
            }
            case PARTS -> {
                int d = rng.between(3, 12);
                int eaten = rng.between(1, d - 1);
                String thing = rng.pick("pizza", "cake", "pie", "chocolate bar", "sandwich", "pancake");
                String piece = thing.equals("chocolate bar") ? "pieces" : "slices";
                Person p = ctx.person();
                boolean left = rng.chance(0.5);
                String q = Text.capitalize(Text.a(thing)) + " is cut into " + d + " equal " + piece + ". " + p.name()
                        + " eats " + eaten + " " + (eaten == 1 ? piece.substring(0, piece.length() - 1) : piece)
                        + ". What fraction of the " + thing + (left ? " is left?" : " did " + p.he() + " eat?");
                int top = left ? d - eaten : eaten;
                String sol = (left ? d + " - " + eaten + " = " + top + " " + piece + " are left out of " + d + ". "
                        : p.name() + " ate " + eaten + " out of " + d + " " + piece + ". ")
                        + "That is " + top + "/" + d + " of the " + thing + ". The answer is " + top + "/" + d + ".";
                return new Problem("frac:parts:" + top + "/" + d, q, sol, top + "/" + d);
            }
            default -> {
                int d = rng.between(2, 6);
                int n = rng.between(1, d - 1);
                int k = rng.between(2, 5);
                String q = "Fill in the missing number: " + n + "/" + d + " = ?/" + d * k + ".";
                String sol = d + " × " + k + " = " + d * k + ", so multiply the top by " + k + " too: " + n + " × " + k
                        + " = " + n * k + ". So " + n + "/" + d + " = " + n * k + "/" + d * k + ". The answer is "
                        + n * k + ".";
                return new Problem("frac:eq:" + n + "/" + d + "=" + d * k, q, sol, Integer.toString(n * k));
            }
        }
    }

    @Override
    Section section(Ctx ctx, int kind) {
        return switch (kind) {
            case ADD, SUB -> new Section("Adding and Subtracting Fractions", "adding and subtracting fractions",
                    "A fraction has a top number and a bottom number.",
                    "When two fractions have the same bottom number, keep the bottom and add or subtract the tops.");
            case COMPARE -> new Section("Comparing Fractions", "comparing fractions",
                    "To compare two fractions, cross multiply: multiply the top of each fraction by the bottom of the"
                            + " other.",
                    "The fraction whose top gave the bigger product is the bigger fraction.");
            case SIMPLIFY, EQUIVALENT -> new Section("Equivalent Fractions", "equivalent fractions",
                    "Two fractions are equal when they show the same part of a whole, like 1/2 and 2/4.",
                    "You can multiply or divide the top and the bottom by the same number without changing the value.");
            default -> new Section(ctx.rng.pick("Fractions", "Parts of a Whole", "Fractions of a Number"),
                    "fractions",
                    "A fraction shows equal parts of a whole. In 3/4, the bottom number 4 tells how many equal parts"
                            + " there are, and the top number 3 tells how many parts we take.",
                    "To find a fraction of a number, divide by the bottom number, then multiply by the top number.");
        };
    }
}
