package io.phi4j.data.synth;

/** Addition and subtraction of numbers up to 99: bare sums and word problems, with worked column steps. */
final class AddSubFamily extends QaFamily {
    private static final int ADD = 0;
    private static final int SUB = 1;
    private static final int WORD_ADD = 2;
    private static final int WORD_SUB = 3;

    @Override
    public String name() {
        return "add-sub";
    }

    @Override
    double[] kinds() {
        return new double[] {0.3, 0.25, 0.25, 0.2};
    }

    /** Two operands: mostly both two-digit, sometimes smaller, so the easy cases are seen too. */
    static int[] operands(Rng rng, boolean subtract) {
        int a;
        int b;
        double r = rng.nextDouble();
        if (r < 0.8) {
            a = rng.between(10, 99);
            b = rng.between(10, 99);
        } else if (r < 0.92) {
            a = rng.between(10, 99);
            b = rng.between(1, 9);
        } else {
            a = rng.between(1, 9);
            b = rng.between(1, 9);
        }
        if (subtract && b > a) {
            int t = a;
            a = b;
            b = t;
        }
        if (!subtract && rng.chance(0.5) && (a >= 10) == (b >= 10)) {
            int t = a;
            a = b;
            b = t;
        }
        return new int[] {a, b};
    }

    static String addKey(int a, int b) {
        return "add:" + a + "+" + b;
    }

    static String subKey(int a, int b) {
        return "sub:" + a + "-" + b;
    }

    @Override
    Problem problem(Ctx ctx, int kind) {
        Rng rng = ctx.rng;
        boolean subtract = kind == SUB || kind == WORD_SUB;
        int[] ab = operands(rng, subtract);
        int a = ab[0];
        int b = ab[1];
        return switch (kind) {
            case ADD -> {
                String q = switch (rng.weighted(new double[] {4, 1, 1, 1, 1, 1, 1})) {
                    case 0 -> "What is " + a + " + " + b + "?";
                    case 1 -> "What is " + a + " plus " + b + "?";
                    case 2 -> "Calculate " + a + " + " + b + ".";
                    case 3 -> "Add " + a + " and " + b + ".";
                    case 4 -> "What is the sum of " + a + " and " + b + "?";
                    case 5 -> "Find " + a + " + " + b + ".";
                    default -> a + " + " + b + " = ?";
                };
                yield new Problem(addKey(a, b), q, ColumnArithmetic.addSteps(a, b) + " The answer is " + (a + b) + ".",
                        Integer.toString(a + b));
            }
            case SUB -> {
                String q = switch (rng.weighted(new double[] {4, 1, 1, 1, 1, 1, 1})) {
                    case 0 -> "What is " + a + " - " + b + "?";
                    case 1 -> "What is " + a + " minus " + b + "?";
                    case 2 -> "Calculate " + a + " - " + b + ".";
                    case 3 -> "Subtract " + b + " from " + a + ".";
                    case 4 -> "What is the difference between " + a + " and " + b + "?";
                    case 5 -> "Find " + a + " - " + b + ".";
                    default -> a + " - " + b + " = ?";
                };
                yield new Problem(subKey(a, b), q, ColumnArithmetic.subSteps(a, b) + " The answer is " + (a - b) + ".",
                        Integer.toString(a - b));
            }
            case WORD_ADD -> wordAdd(ctx, a, b);
            default -> wordSub(ctx, a, b);
        };
    }

    private static Problem wordAdd(Ctx ctx, int a, int b) {
        Rng rng = ctx.rng;
        Person[] pq = ctx.twoPeople();
        Person p = pq[0];
        Person q = pq[1];
        Topic.Item it = ctx.item();
        int s = a + b;
        String question;
        String restate;
        String result;
        switch (rng.between(0, 4)) {
            case 0 -> {
                question = p.name() + " has " + it.of(a) + ". " + p.He() + " gets " + b + " more. How many "
                        + it.many() + " does " + p.he() + " have now?";
                restate = p.name() + " starts with " + a + " and gets " + b + " more, so we add.";
                result = p.name() + " has " + it.of(s) + " now.";
            }
            case 1 -> {
                question = "There are " + it.of(a) + " " + ctx.topic.place() + ". Then " + b + " more "
                        + (b == 1 ? it.one() : it.many()) + " are added. How many " + it.many() + " are there now?";
                restate = "We start with " + a + " and add " + b + " more.";
                result = "There are " + it.of(s) + " now.";
            }
            case 2 -> {
                question = p.name() + " found " + it.of(a) + " in the morning and " + it.of(b)
                        + " in the afternoon. How many " + it.many() + " did " + p.he() + " find in all?";
                restate = "In all means we add the two amounts.";
                result = p.name() + " found " + it.of(s) + " in all.";
            }
            case 3 -> {
                question = p.name() + " has " + it.of(a) + " and " + q.name() + " has " + it.of(b)
                        + ". How many " + it.many() + " do they have together?";
                restate = "Together means we add " + a + " and " + b + ".";
                result = "They have " + it.of(s) + " together.";
            }
            default -> {
                question = "One box holds " + it.of(a) + ". Another box holds " + it.of(b) + ". How many "
                        + it.many() + " are in both boxes?";
                restate = "We add the two boxes.";
                result = "Both boxes hold " + it.of(s) + ".";
            }
        }
        String solution = restate + " " + ColumnArithmetic.addSteps(a, b) + " " + result + " The answer is " + s + ".";
        return new Problem(addKey(a, b), question, solution, Integer.toString(s));
    }

    private static Problem wordSub(Ctx ctx, int a, int b) {
        Rng rng = ctx.rng;
        Person[] pq = ctx.twoPeople();
        Person p = pq[0];
        Person q = pq[1];
        Topic.Item it = ctx.item();
        int d = a - b;
        String question;
        String restate;
        String result;
        switch (rng.between(0, 4)) {
            case 0 -> {
                question = p.name() + " had " + it.of(a) + ". " + p.He() + " gave " + b + " to " + q.name()
                        + ". How many " + it.many() + " does " + p.he() + " have left?";
                restate = p.name() + " gave some away, so we subtract.";
                result = p.name() + " has " + it.of(d) + " left.";
            }
            case 1 -> {
                question = "There were " + it.of(a) + " " + ctx.topic.place() + ". Then " + b + " of them were taken"
                        + " away. How many " + it.many() + " are left?";
                restate = "Taken away means we subtract.";
                result = "There are " + it.of(d) + " left.";
            }
            case 2 -> {
                question = p.name() + " has " + it.of(a) + ". " + q.name() + " has " + it.of(b) + ". How many more "
                        + it.many() + " does " + p.name() + " have than " + q.name() + "?";
                restate = "To find how many more, we subtract the smaller number from the bigger one.";
                result = p.name() + " has " + d + " more.";
            }
            case 3 -> {
                question = p.name() + " needs " + it.of(a) + ". " + p.He() + " already has " + b + ". How many more "
                        + it.many() + " does " + p.he() + " need?";
                restate = "We subtract what " + p.he() + " has from what " + p.he() + " needs.";
                result = p.name() + " needs " + d + " more.";
            }
            default -> {
                question = "A shop had " + it.of(a) + ". It sold " + b + " of them. How many " + it.many()
                        + " are left?";
                restate = "Sold means they are gone, so we subtract.";
                result = "The shop has " + it.of(d) + " left.";
            }
        }
        String solution = restate + " " + ColumnArithmetic.subSteps(a, b) + " " + result + " The answer is " + d + ".";
        return new Problem(subKey(a, b), question, solution, Integer.toString(d));
    }

    @Override
    Section section(Ctx ctx, int kind) {
        boolean subtract = kind == SUB || kind == WORD_SUB;
        if (subtract) {
            return new Section(ctx.rng.pick("Subtracting Two-Digit Numbers", "Subtraction With Borrowing",
                    "Taking Away"), "subtraction",
                    "To subtract, start with the ones.",
                    "If the top ones digit is smaller than the bottom one, borrow 1 ten: the ones get 10 more and the"
                            + " tens get 1 less.",
                    "Then subtract the tens.");
        }
        return new Section(ctx.rng.pick("Adding Two-Digit Numbers", "Addition With Carrying", "Putting Numbers "
                + "Together"), "addition",
                "To add two numbers, first add the ones.",
                "If the ones make 10 or more, write the ones digit and carry 1 to the tens.",
                "Then add the tens, together with the carry.");
    }
}
