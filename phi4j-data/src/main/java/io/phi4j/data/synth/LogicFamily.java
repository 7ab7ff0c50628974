package io.phi4j.data.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * Simple reasoning: syllogisms about made-up creatures (so world knowledge can neither help nor contradict),
 * "we cannot tell" cases, ordering people from clues, true/false statements with and/or, and if-then rules.
 */
final class LogicFamily extends QaFamily {
    private static final int SYLLOGISM = 0;
    private static final int CONVERSE = 1;
    private static final int NEGATIVE = 2;
    private static final int CHAIN = 3;
    private static final int ORDERING = 4;
    private static final int BOOLEAN = 5;
    private static final int IF_THEN = 6;

    /** Made-up kinds of creature, singular and plural. */
    private static final String[][] CREATURES = {{"wug", "wugs"}, {"zorb", "zorbs"}, {"blicket", "blickets"},
            {"glorp", "glorps"}, {"dax", "daxes"}, {"fep", "feps"}, {"toma", "tomas"}, {"nib", "nibs"},
            {"slorp", "slorps"}, {"mip", "mips"}};
    /** A property: as said of all ("are green"), of one ("is green"), and as a question ("Is %s green?"). */
    private static final String[][] PROPERTIES = {
            {"are green", "is green", "Is %s green?"}, {"can sing", "can sing", "Can %s sing?"},
            {"live in caves", "lives in a cave", "Does %s live in a cave?"},
            {"love apples", "loves apples", "Does %s love apples?"}, {"have six legs", "has six legs",
            "Does %s have six legs?"}, {"are very small", "is very small", "Is %s very small?"},
            {"can swim", "can swim", "Can %s swim?"}, {"sleep all day", "sleeps all day", "Does %s sleep all day?"},
            {"are friendly", "is friendly", "Is %s friendly?"}, {"have blue spots", "has blue spots",
            "Does %s have blue spots?"}};
    /** "cannot" forms for negative syllogisms: all-form, one-form, question. */
    private static final String[][] ABILITIES = {{"fly", "fly", "Can %s fly?"}, {"swim", "swim", "Can %s swim?"},
            {"climb trees", "climb trees", "Can %s climb trees?"}, {"jump", "jump", "Can %s jump?"},
            {"whistle", "whistle", "Can %s whistle?"}, {"dance", "dance", "Can %s dance?"}};
    private static final String[] PET_NAMES = {"Pip", "Kip", "Bo", "Lulu", "Tiko", "Nell", "Zed", "Moss", "Fen",
            "Juno", "Pim", "Rolo"};

    /** Comparison words for ordering puzzles: more, less, most, least. */
    private static final String[][] ORDER_WORDS = {{"taller", "shorter", "tallest", "shortest"},
            {"older", "younger", "oldest", "youngest"}, {"faster", "slower", "fastest", "slowest"},
            {"heavier", "lighter", "heaviest", "lightest"}};

    /** If-then rules: condition, result, condition as a question, result as a question, negated result. */
    private static final String[][] RULES = {
            {"it rains", "the grass gets wet", "Is it raining?", "Is the grass wet?", "the grass is not wet",
                    "it is raining", "the grass is wet"},
            {"the sun sets", "the sky gets dark", "Has the sun set?", "Is the sky dark?", "the sky is not dark",
                    "the sun has set", "the sky is dark"},
            {"you drop a glass", "it falls", "Did you drop the glass?", "Does the glass fall?",
                    "the glass did not fall", "you dropped the glass", "the glass falls"},
            {"water gets very cold", "it turns to ice", "Is the water very cold?", "Does the water turn to ice?",
                    "the water did not turn to ice", "the water is very cold", "the water turns to ice"},
            {"the bell rings", "school starts", "Did the bell ring?", "Has school started?",
                    "school has not started", "the bell rang", "school starts"},
            {"you heat ice", "it melts", "Did you heat the ice?", "Does the ice melt?", "the ice did not melt",
                    "you heated the ice", "the ice melts"}};

    @Override
    public String name() {
        return "logic";
    }

    @Override
    double[] kinds() {
        return new double[] {0.15, 0.1, 0.1, 0.1, 0.25, 0.15, 0.15};
    }

    @Override
    Problem problem(Ctx ctx, int kind) {
        Rng rng = ctx.rng;
        String[] c = rng.pick(CREATURES);
        String[] p = rng.pick(PROPERTIES);
        String pet = rng.pick(PET_NAMES);
        switch (kind) {
            case SYLLOGISM -> {
                String q = "All " + c[1] + " " + p[0] + ". " + pet + " is a " + c[0] + ". " + String.format(p[2], pet);
                String sol = pet + " is a " + c[0] + ", and all " + c[1] + " " + p[0] + ". So " + pet + " " + p[1]
                        + ". The answer is yes.";
                return new Problem("logic:syl:" + c[0] + ":" + p[0] + ":" + pet, q, sol, "yes");
            }
            case CONVERSE -> {
                String q = "All " + c[1] + " " + p[0] + ". " + pet + " " + p[1] + ". Is " + pet + " a " + c[0] + "?";
                String sol = "All " + c[1] + " " + p[0] + ", but other things may " + p[0].replaceFirst("^are ", "be ")
                        .replaceFirst("^have ", "have ").replaceFirst("^can ", "") + " too. " + pet
                        + " could be something else. We cannot tell. The answer is we cannot tell.";
                return new Problem("logic:conv:" + c[0] + ":" + p[0] + ":" + pet, q, sol, "we cannot tell");
            }
            case NEGATIVE -> {
                String[] a = rng.pick(ABILITIES);
                String q = "No " + c[1] + " can " + a[0] + ". " + pet + " is a " + c[0] + ". " + String.format(a[2], pet);
                String sol = "No " + c[0] + " can " + a[0] + ", and " + pet + " is a " + c[0] + ". So " + pet
                        + " cannot " + a[1] + ". The answer is no.";
                return new Problem("logic:neg:" + c[0] + ":" + a[0] + ":" + pet, q, sol, "no");
            }
            case CHAIN -> {
                String[] c2 = rng.pick(CREATURES);
                if (c2[0].equals(c[0])) {
                    return problem(ctx, SYLLOGISM);
                }
                String q = "All " + c[1] + " are " + c2[1] + ". All " + c2[1] + " " + p[0] + ". " + pet + " is a "
                        + c[0] + ". " + String.format(p[2], pet);
                String sol = pet + " is a " + c[0] + ", so " + pet + " is a " + c2[0] + ". All " + c2[1] + " " + p[0]
                        + ", so " + pet + " " + p[1] + ". The answer is yes.";
                return new Problem("logic:chain:" + c[0] + ":" + c2[0] + ":" + p[0] + ":" + pet, q, sol, "yes");
            }
            case ORDERING -> {
                return ordering(ctx);
            }
            case BOOLEAN -> {
                int a = rng.between(1, 20);
                int b = rng.between(1, 20);
                int x = rng.between(1, 20);
                int y = rng.between(1, 20);
                if (a == b || x == y) {
                    return problem(ctx, SYLLOGISM);
                }
                boolean and = rng.chance(0.5);
                boolean first = a > b;
                boolean second = x > y;
                boolean result = and ? first && second : first || second;
                String q = "Is this true or false: " + a + " is greater than " + b + (and ? " and " : " or ") + x
                        + " is greater than " + y + "?";
                String rule = and ? "With and, both parts must be true." : "With or, at least one part must be true.";
                String sol = a + " is greater than " + b + " is " + first + ". " + x + " is greater than " + y + " is "
                        + second + ". " + rule + " So the statement is " + result + ". The answer is " + result + ".";
                return new Problem("logic:bool:" + a + ">" + b + (and ? "&" : "|") + x + ">" + y, q, sol,
                        Boolean.toString(result));
            }
            default -> {
                int r = rng.between(0, RULES.length - 1);
                String[] rule = RULES[r];
                int type = rng.between(0, 2);
                String intro = "If " + rule[0] + ", then " + rule[1] + ". ";
                return switch (type) {
                    case 0 -> new Problem("logic:if:" + r + ":mp", intro + Text.capitalize(rule[5]) + ". " + rule[3],
                            "The rule says that if " + rule[0] + ", then " + rule[1] + ". We know " + rule[5] + ". So "
                                    + rule[6] + ". The answer is yes.", "yes");
                    case 1 -> new Problem("logic:if:" + r + ":mt", intro + Text.capitalize(rule[4]) + ". " + rule[2],
                            "If " + rule[0] + ", then " + rule[1] + ". But " + rule[4] + ", so the condition cannot"
                                    + " have happened. The answer is no.", "no");
                    default -> new Problem("logic:if:" + r + ":ac", intro + Text.capitalize(rule[6]) + ". " + rule[2],
                            Text.capitalize(rule[6]) + ", but that could have another cause. The rule only says what"
                                    + " happens if " + rule[0] + ". We cannot tell. The answer is we cannot tell.",
                            "we cannot tell");
                };
            }
        }
    }

    /** Three or four people in a hidden order; the clues compare neighbours, shuffled; the question asks an end. */
    private static Problem ordering(Ctx ctx) {
        Rng rng = ctx.rng;
        int n = rng.between(3, 4);
        List<Person> people = rng.sample(Person.ALL, n); // people.get(0) has the most of the quality
        String[] w = rng.pick(ORDER_WORDS);
        // Clue i compares people i and i + 1; the clues are shown in a shuffled order.
        List<Integer> pairs = new ArrayList<>();
        List<String> shownClues = new ArrayList<>();
        for (int i = 0; i + 1 < n; i++) {
            pairs.add(i);
            shownClues.add(rng.chance(0.5)
                    ? people.get(i).name() + " is " + w[0] + " than " + people.get(i + 1).name() + "."
                    : people.get(i + 1).name() + " is " + w[1] + " than " + people.get(i).name() + ".");
        }
        List<Integer> order = rng.sample(pairs, pairs.size());
        List<String> clues = order.stream().map(shownClues::get).toList();
        boolean most = rng.chance(0.5);
        String answer = most ? people.getFirst().name() : people.getLast().name();
        List<String> names = people.stream().map(Person::name).toList();
        String q = String.join(" ", clues) + " Who is the " + (most ? w[2] : w[3]) + "?";
        // Every clue turned to point one way (only names of the question), then the line built one clue at a time.
        StringBuilder sol = new StringBuilder("Write every clue with " + w[0] + ":");
        for (int i : order) {
            sol.append(' ').append(names.get(i)).append(" is ").append(w[0]).append(" than ").append(names.get(i + 1))
                    .append('.');
        }
        int lo = order.getFirst();
        int hi = lo + 1;
        sol.append(" Make a line from ").append(w[2]).append(" to ").append(w[3]).append(". Start with ")
                .append(names.get(lo)).append(", ").append(names.get(hi)).append('.');
        List<Integer> left = new ArrayList<>(order.subList(1, order.size()));
        while (!left.isEmpty()) {
            int pick = -1;
            for (int i : left) {
                if (i + 1 == lo || i == hi) {
                    pick = i;
                    break;
                }
            }
            left.remove(Integer.valueOf(pick));
            String clue = names.get(pick) + " is " + w[0] + " than " + names.get(pick + 1);
            if (pick == hi) {
                hi++;
                sol.append(' ').append(clue).append(", so ").append(names.get(hi)).append(" goes after ")
                        .append(names.get(hi - 1));
            } else {
                lo--;
                sol.append(' ').append(clue).append(", so ").append(names.get(lo)).append(" goes before ")
                        .append(names.get(lo + 1));
            }
            sol.append(": ").append(String.join(", ", names.subList(lo, hi + 1))).append('.');
        }
        sol.append(" The ").append(most ? w[2] : w[3]).append(" is ").append(most ? "first" : "last").append(": ")
                .append(answer).append(". The answer is ").append(answer).append('.');
        return new Problem("logic:order:" + w[0] + ":" + String.join(">", names) + ":" + (most ? "max" : "min"), q,
                sol.toString(), answer);
    }

    @Override
    Section section(Ctx ctx, int kind) {
        return switch (kind) {
            case ORDERING -> new Section("Putting Clues in Order", "ordering puzzles",
                    "Each clue compares two people.",
                    "Join the clues into one line from most to least, and then read the answer from the ends of the"
                            + " line.");
            case BOOLEAN -> new Section("And, Or, True and False", "true and false statements",
                    "A statement with and is true only when both parts are true.",
                    "A statement with or is true when at least one part is true.");
            case IF_THEN -> new Section("If and Then", "if-then rules",
                    "A rule says: if the first thing happens, then the second thing happens.",
                    "If the first thing happened, the second one did too. If the second thing did not happen, the"
                            + " first one did not happen either. But if the second thing happened, we cannot tell"
                            + " about the first.");
            default -> new Section(ctx.rng.pick("Thinking Clearly", "Logic Puzzles", "All, Some and None"),
                    "logic",
                    "When a rule is true for all members of a group, it is true for each member.",
                    "But a thing that shares one feature with a group is not always a member of that group.");
        };
    }
}
