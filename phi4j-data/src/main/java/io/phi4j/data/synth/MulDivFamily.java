package io.phi4j.data.synth;

/** Times tables, two-digit by one-digit multiplication, exact division and division with a remainder. */
final class MulDivFamily extends QaFamily {
    private static final int TABLE = 0;
    private static final int MUL2 = 1;
    private static final int DIV = 2;
    private static final int DIV_REM = 3;
    private static final int WORD_MUL = 4;
    private static final int WORD_DIV = 5;

    @Override
    public String name() {
        return "mul-div";
    }

    @Override
    double[] kinds() {
        return new double[] {0.25, 0.15, 0.2, 0.1, 0.15, 0.15};
    }

    static String mulKey(int a, int b) {
        return "mul:" + a + "*" + b;
    }

    static String divKey(int n, int d) {
        return "div:" + n + "/" + d;
    }

    /**
     * "6 × 7 = 42." or, for a two-digit factor, "Split 89 into 80 and 9. 80 × 7 = 560 and 9 × 7 = 63. 560 + 60 = 620.
     * 620 + 3 = 623. So 89 × 7 = 623." (the addition in place-part steps: done in one go it is where a tiny model
     * goes wrong).
     */
    static String mulSteps(int a, int b) {
        return Steps.mul(a, b);
    }

    /**
     * Counts up in d's, comparing every product with n on its own line: "38 ÷ 7: count up in 7s. 7 × 1 = 7 is less
     * than 38. … 7 × 5 = 35 is less than 38. 7 × 6 = 42 is more than 38, so the quotient is 5. 38 - 35 = 3 left over.
     * So 38 ÷ 7 = 5 remainder 3." Each step needs only the line before it: the product is a times-table fact (or
     * the last one plus d), and n is written again right beside it, so the decision to stop is local. The first
     * tiny model named the quotient before checking it; the second counted up without the comparisons and ran past
     * n, then rewrote n to fit ("7 × 12 = 84 is exactly 84").
     */
    static String divSteps(int n, int d) {
        int q = n / d;
        int r = n % d;
        StringBuilder sb = new StringBuilder(n + " ÷ " + d + ": count up in " + d + "s.");
        for (int k = 1; k <= q; k++) {
            sb.append(' ').append(d).append(" × ").append(k).append(" = ").append(d * k);
            sb.append(k == q && r == 0 ? " is exactly " + n + ", so the quotient is " + q + "." : " is less than " + n
                    + ".");
        }
        if (r == 0) {
            return sb + " " + n + " - " + n + " = 0, so nothing is left over. So " + n + " ÷ " + d + " = " + q + ".";
        }
        sb.append(' ').append(d).append(" × ").append(q + 1).append(" = ").append(d * (q + 1)).append(" is more than ")
                .append(n).append(", so the quotient is ").append(q).append('.');
        return sb + " " + n + " - " + d * q + " = " + r + " left over. So " + n + " ÷ " + d + " = " + q + " remainder "
                + r + ".";
    }

    @Override
    Problem problem(Ctx ctx, int kind) {
        Rng rng = ctx.rng;
        switch (kind) {
            case TABLE, MUL2 -> {
                int a = kind == TABLE ? rng.between(2, 12) : rng.between(11, 99);
                int b = rng.between(2, kind == TABLE ? 12 : 9);
                String q = switch (rng.weighted(new double[] {4, 1, 1, 1})) {
                    case 0 -> "What is " + a + " × " + b + "?";
                    case 1 -> "What is " + a + " times " + b + "?";
                    case 2 -> "Multiply " + a + " by " + b + ".";
                    default -> "What is the product of " + a + " and " + b + "?";
                };
                return new Problem(mulKey(a, b), q, mulSteps(a, b) + " The answer is " + a * b + ".",
                        Integer.toString(a * b));
            }
            case DIV, DIV_REM -> {
                int d = rng.between(2, 10);
                int quotient = rng.between(2, 12);
                int n = d * quotient + (kind == DIV_REM ? rng.between(1, d - 1) : 0);
                String q = switch (rng.weighted(new double[] {4, 1, 1})) {
                    case 0 -> "What is " + n + " ÷ " + d + "?";
                    case 1 -> "What is " + n + " divided by " + d + "?";
                    default -> "Divide " + n + " by " + d + ".";
                };
                String answer = answerOf(n, d);
                return new Problem(divKey(n, d), q, divSteps(n, d) + " The answer is " + answer + ".", answer);
            }
            case WORD_MUL -> {
                int groups = rng.between(2, 10);
                int each = rng.between(2, 12);
                Topic.Item it = ctx.item();
                String container = it.animal() ? rng.pick("group", "row") : rng.pick("bag", "box", "basket", "row",
                        "jar");
                Person p = ctx.person();
                String q = rng.chance(0.5)
                        ? "There are " + groups + " " + container + "s with " + it.of(each) + " in each "
                                + container + ". How many " + it.many() + " are there in all?"
                        : p.name() + " has " + groups + " " + container + "s. Each " + container + " holds "
                                + it.of(each) + ". How many " + it.many() + " does " + p.he() + " have?";
                String sol = groups + " " + container + "s of " + each + " means " + groups + " × " + each + ". "
                        + mulSteps(groups, each) + " There are " + it.of(groups * each) + " in all. The answer is "
                        + groups * each + ".";
                return new Problem(mulKey(groups, each), q, sol, Integer.toString(groups * each));
            }
            default -> {
                int d = rng.between(2, 9);
                int quotient = rng.between(2, 10);
                int n = d * quotient + (rng.chance(0.3) ? rng.between(1, d - 1) : 0);
                Topic.Item it = ctx.item();
                Person p = ctx.person();
                String q = p.name() + " has " + it.of(n) + " and shares them equally among " + d
                        + " friends. How many " + it.many() + " does each friend get?";
                String each = n % d == 0 ? "Each friend gets " + it.of(n / d) + "."
                        : "Each friend gets " + it.of(n / d) + " and " + n % d + " are left over.";
                String answer = answerOf(n, d);
                String sol = "Sharing equally means we divide: " + n + " ÷ " + d + ". " + divSteps(n, d) + " " + each
                        + " The answer is " + answer + ".";
                return new Problem(divKey(n, d), q, sol, answer);
            }
        }
    }

    private static String answerOf(int n, int d) {
        return n % d == 0 ? Integer.toString(n / d) : n / d + " remainder " + n % d;
    }

    @Override
    Section section(Ctx ctx, int kind) {
        return switch (kind) {
            case TABLE, MUL2, WORD_MUL -> new Section(ctx.rng.pick("Multiplication", "Times Tables", "Equal Groups"),
                    "multiplication",
                    "Multiplication is a quick way to add equal groups.",
                    "For example, 3 × 4 means 3 groups of 4, which is 4 + 4 + 4 = 12.",
                    "To multiply a two-digit number, split it into tens and ones, multiply each part, then add.");
            default -> new Section(ctx.rng.pick("Division", "Sharing Equally", "Division With Remainders"),
                    "division",
                    "Division splits a number into equal groups.",
                    "To find 12 ÷ 3, ask how many 3s make 12. Since 3 × 4 = 12, the answer is 4.",
                    "If the groups do not come out even, the amount left over is called the remainder.");
        };
    }
}
