package io.phi4j.data.synth;

import java.util.List;

/** Converting between units of length, mass, volume, time and money. */
final class UnitFamily extends QaFamily {
    /** {@code 1 big = factor small}. */
    record Conversion(String big, String bigs, String small, String smalls, int factor) {
        String big(int n) {
            return n + " " + (n == 1 ? big : bigs);
        }

        String small(int n) {
            return n + " " + (n == 1 ? small : smalls);
        }
    }

    static final List<Conversion> CONVERSIONS = List.of(
            new Conversion("kilometer", "kilometers", "meter", "meters", 1000),
            new Conversion("meter", "meters", "centimeter", "centimeters", 100),
            new Conversion("centimeter", "centimeters", "millimeter", "millimeters", 10),
            new Conversion("kilogram", "kilograms", "gram", "grams", 1000),
            new Conversion("liter", "liters", "milliliter", "milliliters", 1000),
            new Conversion("hour", "hours", "minute", "minutes", 60),
            new Conversion("minute", "minutes", "second", "seconds", 60),
            new Conversion("day", "days", "hour", "hours", 24),
            new Conversion("week", "weeks", "day", "days", 7),
            new Conversion("year", "years", "month", "months", 12),
            new Conversion("dollar", "dollars", "cent", "cents", 100),
            new Conversion("foot", "feet", "inch", "inches", 12),
            new Conversion("yard", "yards", "foot", "feet", 3),
            new Conversion("dozen", "dozen", "egg", "eggs", 12));

    private static final int BIG_TO_SMALL = 0;
    private static final int SMALL_TO_BIG = 1;
    private static final int MIXED = 2;

    @Override
    public String name() {
        return "units";
    }

    @Override
    double[] kinds() {
        return new double[] {0.45, 0.35, 0.2};
    }

    @Override
    Problem problem(Ctx ctx, int kind) {
        Rng rng = ctx.rng;
        Conversion c = rng.pick(CONVERSIONS);
        int n = rng.between(2, c.factor() <= 24 ? 30 : 20);
        int total = n * c.factor();
        String key = "unit:" + c.big() + ">" + c.small() + ":";
        String fact = "1 " + c.big() + " is " + c.small(c.factor()) + ".";
        if (c.big().equals("dozen")) {
            fact = "1 dozen is 12 eggs.";
        }
        switch (kind) {
            case BIG_TO_SMALL -> {
                String q = rng.chance(0.6) ? "How many " + c.smalls() + " are in " + c.big(n) + "?"
                        : "Convert " + c.big(n) + " to " + c.smalls() + ".";
                if (c.big().equals("dozen")) {
                    q = "How many eggs are in " + n + " dozen eggs?";
                }
                String sol = fact + " So " + c.big(n) + " is " + n + " × " + c.factor() + " " + c.smalls() + ". "
                        + Steps.mul(n, c.factor()) + " The answer is " + c.small(total) + ".";
                return new Problem(key + n, q, sol, c.small(total));
            }
            case SMALL_TO_BIG -> {
                String q = rng.chance(0.6) ? "How many " + c.bigs() + " is " + c.small(total) + "?"
                        : "Convert " + c.small(total) + " to " + c.bigs() + ".";
                if (c.big().equals("dozen")) {
                    q = "How many dozen is " + total + " eggs?";
                }
                String sol = fact + " So " + c.small(total) + " is " + total + " ÷ " + c.factor() + " " + c.bigs()
                        + ". " + Steps.div(total, c.factor()) + " The answer is " + c.big(n) + ".";
                return new Problem("unit:" + c.small() + ">" + c.big() + ":" + total, q, sol, c.big(n));
            }
            default -> {
                if (c.big().equals("dozen")) {
                    return problem(ctx, BIG_TO_SMALL);
                }
                int extra = rng.between(1, c.factor() - 1);
                String q = "How many " + c.smalls() + " are in " + c.big(n) + " and " + c.small(extra) + "?";
                String sol = fact + " So " + c.big(n) + " is " + n + " × " + c.factor() + " " + c.smalls() + ". "
                        + Steps.mul(n, c.factor()) + " Then add " + extra + ". " + Steps.addSo(total, extra)
                        + " The answer is " + c.small(total + extra) + ".";
                return new Problem(key + n + "+" + extra, q, sol, c.small(total + extra));
            }
        }
    }

    @Override
    Section section(Ctx ctx, int kind) {
        return new Section(ctx.rng.pick("Units of Measurement", "Converting Units", "Big Units and Small Units"),
                "converting units",
                "We measure things with units such as meters, grams, liters, hours and dollars.",
                "To change a big unit into a small unit, multiply by how many small units make one big unit.",
                "To change a small unit into a big unit, divide.");
    }
}
