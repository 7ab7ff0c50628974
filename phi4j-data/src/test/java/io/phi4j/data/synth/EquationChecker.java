package io.phi4j.data.synth;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds every written calculation in a text ("7 + 8 = 15", "23 × 4 = 92", "2/7 + 3/7 = 5/7", "17 // 5 = 3",
 * "23 ÷ 4 = 5 remainder 3", "40 / 2 = 20.0") and evaluates it independently with exact rational arithmetic.
 */
final class EquationChecker {
    private static final String NUM = "\\d+(?:\\.\\d+)?(?:/\\d+)?";
    private static final String OP = "(?:\\+|-|×|\\*|÷|//|%|/)";
    private static final Pattern EQUATION = Pattern.compile("(?<![\\d./])(" + NUM + "(?: " + OP + " " + NUM + ")+) = ("
            + NUM + ")(?: remainder (\\d+))?(?![\\d/])");

    /** A checked equation and whether it holds. */
    record Result(String equation, boolean ok) {
    }

    private EquationChecker() {
    }

    static List<Result> check(String text) {
        List<Result> out = new ArrayList<>();
        Matcher m = EQUATION.matcher(text);
        while (m.find()) {
            String lhs = m.group(1);
            Rational want = Rational.parse(m.group(2));
            String rem = m.group(3);
            boolean ok;
            String[] tokens = lhs.split(" ");
            if (rem != null) {
                // "a ÷ b = q remainder r": a = b·q + r with 0 ≤ r < b.
                long a = Long.parseLong(tokens[0]);
                long b = Long.parseLong(tokens[2]);
                long q = Long.parseLong(m.group(2));
                long r = Long.parseLong(rem);
                ok = tokens.length == 3 && tokens[1].equals("÷") && a == b * q + r && r >= 0 && r < b;
            } else {
                Rational got = evaluate(tokens);
                ok = got != null && got.equals(want)
                        && (!m.group(2).contains(".") || lhs.contains(" / ") || lhs.contains("."));
                // decimals only from Python's / or from decimals ("18 + 0.5 = 18.5" when halving an odd number)
            }
            out.add(new Result(m.group(), ok));
        }
        return out;
    }

    /** Multiplication and division (×, *, ÷, /, //, %) before addition and subtraction, left to right. */
    static Rational evaluate(String[] t) {
        List<Rational> terms = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        Rational cur = Rational.parse(t[0]);
        for (int i = 1; i + 1 < t.length; i += 2) {
            String op = t[i];
            Rational x = Rational.parse(t[i + 1]);
            switch (op) {
                case "×", "*" -> cur = cur.times(x);
                case "÷", "/" -> cur = cur.div(x);
                case "//" -> cur = Rational.of(cur.div(x).floor());
                case "%" -> cur = cur.minus(x.times(Rational.of(cur.div(x).floor())));
                default -> {
                    terms.add(cur);
                    ops.add(op);
                    cur = x;
                }
            }
        }
        terms.add(cur);
        Rational v = terms.getFirst();
        for (int i = 0; i < ops.size(); i++) {
            v = ops.get(i).equals("+") ? v.plus(terms.get(i + 1)) : v.minus(terms.get(i + 1));
        }
        return v;
    }

    private static final Pattern FRACTION_EQUALITY = Pattern.compile(
            "(?<![\\d./])(?<![-+×÷*%] )(\\d+/\\d+) = (\\d+/\\d+)(?![\\d/])(?! [-+×÷*%/] )");

    /** "So 25/40 = 5/8": both sides the same number. */
    static List<Result> checkFractionEqualities(String text) {
        return checkEach(FRACTION_EQUALITY, text, m -> Rational.parse(m.group(1)).equals(Rational.parse(m.group(2))));
    }

    /** One result per match of the pattern in the text, true where the claim it matched holds. */
    private static List<Result> checkEach(Pattern claim, String text, Predicate<Matcher> holds) {
        List<Result> out = new ArrayList<>();
        Matcher m = claim.matcher(text);
        while (m.find()) {
            out.add(new Result(m.group(), holds.test(m)));
        }
        return out;
    }

    private static final Pattern COMPARISON = Pattern.compile(
            "(?<![\\d./])(\\d+) is (not )?(more|less|larger|smaller|exactly)(?: than)? (\\d+)(?![\\d/])");

    /**
     * "9 is more than 6", "27 is not less than 13", "84 is larger than 32", "7 × 5 = 35 is exactly 35": the
     * claim holds for the two whole numbers.
     */
    static List<Result> checkComparisons(String text) {
        return checkEach(COMPARISON, text, m -> {
            int c = Long.compare(Long.parseLong(m.group(1)), Long.parseLong(m.group(4)));
            boolean claim = switch (m.group(3)) {
                case "more", "larger" -> c > 0;
                case "less", "smaller" -> c < 0;
                default -> c == 0;
            };
            return m.group(2) == null ? claim : !claim;
        });
    }

    /** An exact fraction. */
    record Rational(BigInteger num, BigInteger den) {
        static Rational of(BigInteger n) {
            return new Rational(n, BigInteger.ONE);
        }

        static Rational of(long n) {
            return of(BigInteger.valueOf(n));
        }

        static Rational parse(String s) {
            if (s.contains("/")) {
                String[] p = s.split("/");
                return make(new BigInteger(p[0]), new BigInteger(p[1]));
            }
            if (s.contains(".")) {
                java.math.BigDecimal d = new java.math.BigDecimal(s);
                return make(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
            }
            return of(new BigInteger(s));
        }

        static Rational make(BigInteger n, BigInteger d) {
            BigInteger g = n.gcd(d);
            return new Rational(n.divide(g), d.divide(g));
        }

        Rational plus(Rational o) {
            return make(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
        }

        Rational minus(Rational o) {
            return make(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
        }

        Rational times(Rational o) {
            return make(num.multiply(o.num), den.multiply(o.den));
        }

        Rational div(Rational o) {
            return make(num.multiply(o.den), den.multiply(o.num));
        }

        BigInteger floor() {
            BigInteger[] qr = num.divideAndRemainder(den);
            return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        }
    }
}
