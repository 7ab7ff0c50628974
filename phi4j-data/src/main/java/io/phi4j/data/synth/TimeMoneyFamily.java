package io.phi4j.data.synth;

import java.util.List;

/** Telling time forward, elapsed minutes, prices and change, days of the week and months of the year. */
final class TimeMoneyFamily extends QaFamily {
    static final List<String> DAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
            "Sunday");
    static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December");
    private static final String[] THINGS = {"pencil", "eraser", "apple", "banana", "sticker", "toy car", "notebook",
            "juice box", "cookie", "ruler", "ball", "yo-yo"};

    private static final int LATER = 0;
    private static final int ELAPSED = 1;
    private static final int PRICES = 2;
    private static final int CHANGE = 3;
    private static final int DAY = 4;
    private static final int MONTH = 5;

    @Override
    public String name() {
        return "time-money";
    }

    @Override
    double[] kinds() {
        return new double[] {0.2, 0.15, 0.2, 0.15, 0.15, 0.15};
    }

    static String clock(int h, int m) {
        return h + ":" + (m < 10 ? "0" : "") + m;
    }

    /**
     * "1 Thursday, 2 Friday, 3 Saturday": the names after (or before) {@code from}, each with its count, so that
     * when to stop is read off the last count rather than kept in mind (the first tiny model listed one name too
     * few or too many).
     */
    static String counted(List<String> names, int from, int n, boolean forward) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append(i > 1 ? ", " : "").append(i).append(' ')
                    .append(names.get(Math.floorMod(from + (forward ? i : -i), names.size())));
        }
        return sb.toString();
    }

    @Override
    Problem problem(Ctx ctx, int kind) {
        Rng rng = ctx.rng;
        switch (kind) {
            case LATER -> {
                int h = rng.between(1, 12);
                int m = rng.between(0, 11) * 5;
                int add = rng.between(1, 11) * 5;
                int total = m + add;
                int h2 = total >= 60 ? h % 12 + 1 : h;
                int m2 = total % 60;
                String q = "It is " + clock(h, m) + ". What time will it be in " + add + " minutes?";
                String sol = "Add the minutes: " + m + " + " + add + " = " + total + ". "
                        + (total >= 60 ? total + " - 60 = " + m2 + ", so " + total + " minutes is 1 hour and " + m2
                        + " minutes, and the hour goes from " + h
                        + " to " + h2 + ". " : "The hour stays " + h + ". ")
                        + "It will be " + clock(h2, m2) + ". The answer is " + clock(h2, m2) + ".";
                return new Problem("time:later:" + clock(h, m) + "+" + add, q, sol, clock(h2, m2));
            }
            case ELAPSED -> {
                int h = rng.between(1, 11);
                int m1 = rng.between(0, 11) * 5;
                int minutes = rng.between(1, 11) * 5;
                int end = m1 + minutes;
                int h2 = end >= 60 ? h + 1 : h;
                int m2 = end % 60;
                String q = "A show starts at " + clock(h, m1) + " and ends at " + clock(h2, m2)
                        + ". How many minutes long is it?";
                String sol = end == 60
                        ? "From " + clock(h, m1) + " to " + clock(h2, 0) + " is " + minutes + " minutes. The answer is "
                        + minutes + " minutes."
                        : end > 60
                        ? "60 - " + m1 + " = " + (60 - m1) + ", so from " + clock(h, m1) + " to " + clock(h2, 0) + " is "
                        + (60 - m1) + " minutes. From "
                        + clock(h2, 0) + " to " + clock(h2, m2) + " is " + m2 + " minutes. " + (60 - m1) + " + " + m2
                        + " = " + minutes + ". The answer is " + minutes + " minutes."
                        : "Both times are in the same hour, so subtract the minutes: " + m2 + " - " + m1 + " = "
                        + minutes + ". The answer is " + minutes + " minutes.";
                return new Problem("time:elapsed:" + clock(h, m1) + "-" + clock(h2, m2), q, sol, minutes + " minutes");
            }
            case PRICES -> {
                List<String> two = rng.sample(List.of(THINGS), 2);
                int a = rng.between(10, 89);
                int b = rng.between(10, 99 - a);
                String q = Text.capitalize(Text.a(two.get(0))) + " costs " + a + " cents and " + Text.a(two.get(1))
                        + " costs " + b + " cents. How much do they cost together?";
                String sol = "Add the prices: " + ColumnArithmetic.addSteps(a, b) + " The answer is " + (a + b)
                        + " cents.";
                return new Problem("money:sum:" + a + "+" + b, List.of(AddSubFamily.addKey(a, b)), q, sol,
                        (a + b) + " cents");
            }
            case CHANGE -> {
                int price = rng.between(11, 89);
                if (price % 10 == 0) {
                    price++;
                }
                int up = 10 - price % 10;
                int tens = 100 - (price + up);
                String thing = rng.pick(THINGS);
                String q = "You buy " + Text.a(thing) + " that costs " + price + " cents and pay with 1 dollar. How"
                        + " much change do you get?";
                String sol = "1 dollar is 100 cents. Count up from " + price + ": " + price + " + " + up + " = "
                        + (price + up) + ", and " + (price + up) + " + " + tens + " = 100. " + up + " + " + tens + " = "
                        + (100 - price) + ". The answer is " + (100 - price) + " cents.";
                return new Problem("money:change:" + price, q, sol, (100 - price) + " cents");
            }
            case DAY -> {
                int today = rng.between(0, 6);
                int n = rng.between(1, 13);
                boolean forward = rng.chance(0.7);
                int target = Math.floorMod(today + (forward ? n : -n), 7);
                String q = "If today is " + DAYS.get(today) + ", what day " + (forward ? "will it be in " + n
                        + (n == 1 ? " day?" : " days?") : "was it " + n + (n == 1 ? " day ago?" : " days ago?"));
                StringBuilder sol = new StringBuilder();
                int left = n;
                if (n >= 7) {
                    sol.append("7 days is one week, so after 7 days it is ").append(DAYS.get(today)).append(" again. ")
                            .append(n).append(" - 7 = ").append(n - 7).append(". ");
                    left = n - 7;
                }
                if (left > 0) {
                    sol.append("Count ").append(forward ? "forward " : "back ").append(left).append(left == 1 ? " day"
                            : " days").append(" from ").append(DAYS.get(today)).append(": ")
                            .append(counted(DAYS, today, left, forward)).append(". ");
                }
                sol.append("The answer is ").append(DAYS.get(target)).append('.');
                return new Problem("time:day:" + today + (forward ? "+" : "-") + n, q, sol.toString(), DAYS.get(target));
            }
            default -> {
                int month = rng.between(0, 11);
                int n = rng.between(1, 6);
                boolean forward = rng.chance(0.7);
                int target = Math.floorMod(month + (forward ? n : -n), 12);
                String q = "What month comes " + n + (n == 1 ? " month " : " months ") + (forward ? "after " : "before ")
                        + MONTHS.get(month) + "?";
                String sol = "Count " + (forward ? "forward " : "back ") + n + (n == 1 ? " month" : " months")
                        + " from " + MONTHS.get(month) + ": " + counted(MONTHS, month, n, forward) + ". The answer is "
                        + MONTHS.get(target) + ".";
                return new Problem("time:month:" + month + (forward ? "+" : "-") + n, q, sol, MONTHS.get(target));
            }
        }
    }

    @Override
    Section section(Ctx ctx, int kind) {
        return switch (kind) {
            case LATER, ELAPSED -> new Section("Telling Time", "time",
                    "An hour has 60 minutes.",
                    "To find a later time, add the minutes. If you get 60 or more, that makes one more hour.");
            case PRICES, CHANGE -> new Section("Counting Money", "money",
                    "One dollar is 100 cents.",
                    "To find the change, count up from the price to the money you paid.");
            default -> new Section("Days and Months", "days and months",
                    "A week has 7 days: Monday, Tuesday, Wednesday, Thursday, Friday, Saturday and Sunday.",
                    "A year has 12 months, from January to December. After December comes January again.");
        };
    }
}
