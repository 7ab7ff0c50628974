package io.phi4j.data.synth;

import io.phi4j.data.Lesson;
import io.phi4j.data.wordnet.WordEntry;
import io.phi4j.data.wordnet.WordList;

import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recomputes the answer of a lesson from its question text alone, with code that shares nothing with the
 * generator: regular expressions over the question, java.time for clocks and calendars, its own unit table, its own
 * ordering of comparison clues. {@link #expected} returns the answer the question calls for, or throws if it does
 * not recognize the question (so a new template cannot slip past unchecked).
 */
final class IndependentAnswers {
    private IndependentAnswers() {
    }

    /** The question being asked: the last question in the prompt. */
    static String question(Lesson l) {
        String p = l.prompt();
        int best = -1;
        String marker = null;
        for (String m : new String[] {"Instruct: ", "\nQuestion: ", "Exercise: ", "Alice: "}) {
            int i = p.lastIndexOf(m);
            if (i > best) {
                best = i;
                marker = m;
            }
        }
        if (marker == null) {
            throw new AssertionError("no question in prompt: " + p);
        }
        int end = p.lastIndexOf('\n');
        String q = p.substring(best + marker.length(), end > best ? end : p.length()).strip();
        // A chat question may open with a greeting.
        return q.replaceFirst("^(Hi Bob! |Bob, can you help me\\? |I have a question\\. |Hello Bob\\. )", "");
    }

    static String expected(Lesson l) {
        String q = question(l);
        return switch (l.family()) {
            case "add-sub" -> addSub(q);
            case "mul-div" -> mulDiv(q);
            case "place-value" -> placeValue(q);
            case "fractions" -> fractions(q);
            case "units" -> units(q);
            case "compare" -> compare(q);
            case "logic" -> logic(q);
            case "sequences" -> sequences(q);
            case "time-money" -> timeMoney(q);
            case "definitions" -> definitions(q, l.answer());
            case "stories" -> story(l, q);
            default -> throw new AssertionError("no independent check for family " + l.family());
        };
    }

    private static Matcher find(String regex, String q) {
        Matcher m = Pattern.compile(regex).matcher(q);
        return m.find() ? m : null;
    }

    private static long n(Matcher m, int g) {
        return Long.parseLong(m.group(g));
    }

    private static List<Long> numbers(String q) {
        List<Long> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\d+").matcher(q);
        while (m.find()) {
            out.add(Long.parseLong(m.group()));
        }
        return out;
    }

    static String addSub(String q) {
        Matcher m;
        if ((m = find("(\\d+) (?:\\+|plus) (\\d+)", q)) != null || (m = find("Add (\\d+) and (\\d+)", q)) != null
                || (m = find("sum of (\\d+) and (\\d+)", q)) != null) {
            return Long.toString(n(m, 1) + n(m, 2));
        }
        if ((m = find("(\\d+) (?:-|minus) (\\d+)", q)) != null
                || (m = find("difference between (\\d+) and (\\d+)", q)) != null) {
            return Long.toString(n(m, 1) - n(m, 2));
        }
        if ((m = find("Subtract (\\d+) from (\\d+)", q)) != null) {
            return Long.toString(n(m, 2) - n(m, 1));
        }
        List<Long> xs = numbers(q);
        if (xs.size() != 2) {
            throw new AssertionError("add-sub word problem without exactly two numbers: " + q);
        }
        boolean subtract = q.contains("gave") || q.contains("taken away") || q.contains(" left") || q.contains(" than ")
                || q.contains("need") || q.contains("sold");
        return Long.toString(subtract ? xs.get(0) - xs.get(1) : xs.get(0) + xs.get(1));
    }

    private static String quotient(long a, long b) {
        return a % b == 0 ? Long.toString(a / b) : a / b + " remainder " + a % b;
    }

    static String mulDiv(String q) {
        Matcher m;
        if ((m = find("(\\d+) (?:×|times) (\\d+)", q)) != null || (m = find("Multiply (\\d+) by (\\d+)", q)) != null
                || (m = find("product of (\\d+) and (\\d+)", q)) != null) {
            return Long.toString(n(m, 1) * n(m, 2));
        }
        if ((m = find("(\\d+) (?:÷|divided by) (\\d+)", q)) != null || (m = find("Divide (\\d+) by (\\d+)", q)) != null) {
            return quotient(n(m, 1), n(m, 2));
        }
        List<Long> xs = numbers(q);
        if (xs.size() != 2) {
            throw new AssertionError("mul-div word problem without exactly two numbers: " + q);
        }
        return q.contains("equally") ? quotient(xs.get(0), xs.get(1)) : Long.toString(xs.get(0) * xs.get(1));
    }

    private static final List<String> PLACE_NAMES = List.of("ones", "tens", "hundreds", "thousands");

    static String placeValue(String q) {
        Matcher m;
        if ((m = find("value of the digit (\\d) in (\\d+)", q)) != null
                || (m = find("the number (\\d+), what is the digit (\\d) worth", q)) != null) {
            boolean numberFirst = q.startsWith("In the number");
            String number = numberFirst ? m.group(1) : m.group(2);
            char digit = (numberFirst ? m.group(2) : m.group(1)).charAt(0);
            int pos = number.length() - 1 - number.indexOf(digit);
            return new BigInteger(String.valueOf(digit)).multiply(BigInteger.TEN.pow(pos)).toString();
        }
        if ((m = find("Write (\\d+) in expanded form", q)) != null || (m = find("write (\\d+) as a sum", q)) != null) {
            String s = m.group(1);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) != '0') {
                    parts.add(s.charAt(i) + "0".repeat(s.length() - 1 - i));
                }
            }
            return String.join(" + ", parts);
        }
        if ((m = find("What number has (.*)\\?", q)) != null) {
            long total = 0;
            Matcher part = Pattern.compile("(\\d+) (one|ten|hundred|thousand)s?\\b").matcher(m.group(1));
            while (part.find()) {
                long unit = switch (part.group(2)) {
                    case "one" -> 1;
                    case "ten" -> 10;
                    case "hundred" -> 100;
                    default -> 1000;
                };
                total += Long.parseLong(part.group(1)) * unit;
            }
            return Long.toString(total);
        }
        if ((m = find("Round (\\d+) to the nearest (ten|hundred)", q)) != null) {
            long unit = m.group(2).equals("ten") ? 10 : 100;
            long v = n(m, 1);
            return Long.toString(Math.floorDiv(v + unit / 2, unit) * unit);
        }
        if ((m = find("Which digit is in the (\\w+) place of (\\d+)", q)) != null) {
            String s = m.group(2);
            return String.valueOf(s.charAt(s.length() - 1 - PLACE_NAMES.indexOf(m.group(1))));
        }
        throw new AssertionError("unrecognized place-value question: " + q);
    }

    private static String fraction(EquationChecker.Rational r) {
        return r.num() + "/" + r.den();
    }

    static String fractions(String q) {
        Matcher m;
        if ((m = find("What is (\\d+)/(\\d+) of (\\d+)", q)) != null) {
            return Long.toString(n(m, 3) / n(m, 2) * n(m, 1));
        }
        if ((m = find("has (\\d+) .* gives away (\\d+)/(\\d+) of them", q)) != null) {
            return Long.toString(n(m, 1) / n(m, 3) * n(m, 2));
        }
        if ((m = find("(?:Simplify|Write) (\\d+/\\d+)", q)) != null) {
            return fraction(EquationChecker.Rational.parse(m.group(1)));
        }
        if ((m = find("What is (\\d+/\\d+) ([+-]) (\\d+/\\d+)\\?", q)) != null) {
            EquationChecker.Rational a = EquationChecker.Rational.parse(m.group(1));
            EquationChecker.Rational b = EquationChecker.Rational.parse(m.group(3));
            return fraction(m.group(2).equals("+") ? a.plus(b) : a.minus(b));
        }
        if ((m = find("Which is (bigger|smaller), (\\d+/\\d+) or (\\d+/\\d+)", q)) != null) {
            EquationChecker.Rational a = EquationChecker.Rational.parse(m.group(2));
            EquationChecker.Rational b = EquationChecker.Rational.parse(m.group(3));
            boolean aBigger = a.minus(b).num().signum() > 0;
            return (aBigger == m.group(1).equals("bigger")) ? m.group(2) : m.group(3);
        }
        if ((m = find("cut into (\\d+) equal \\w+\\. \\w+ eats (\\d+) .*(is left|eat)\\?", q)) != null) {
            long d = n(m, 1);
            long eaten = n(m, 2);
            return (m.group(3).equals("is left") ? d - eaten : eaten) + "/" + d;
        }
        if ((m = find("(\\d+)/(\\d+) = \\?/(\\d+)", q)) != null) {
            return Long.toString(n(m, 1) * n(m, 3) / n(m, 2));
        }
        throw new AssertionError("unrecognized fractions question: " + q);
    }

    /** Size of one unit, in a base unit of its kind (meters, grams, milliliters, seconds, months, cents, inches, eggs). */
    private static final Map<String, long[]> UNITS = new HashMap<>();

    static {
        // {kind, size}
        Object[][] table = {{"kilometer", 1, 1000}, {"meter", 1, 1}, {"centimeter", 1, -100}, {"millimeter", 1, -1000},
                {"kilogram", 2, 1000}, {"gram", 2, 1}, {"liter", 3, 1000}, {"milliliter", 3, 1},
                {"week", 4, 7 * 24 * 3600}, {"day", 4, 24 * 3600}, {"hour", 4, 3600}, {"minute", 4, 60},
                {"second", 4, 1}, {"year", 5, 12}, {"month", 5, 1}, {"dollar", 6, 100}, {"cent", 6, 1},
                {"yard", 7, 36}, {"foot", 7, 12}, {"inch", 7, 1}, {"dozen", 8, 12}, {"egg", 8, 1}};
        for (Object[] row : table) {
            UNITS.put((String) row[0], new long[] {(Integer) row[1], (Integer) row[2]});
        }
    }

    private static String singular(String unit) {
        return switch (unit) {
            case "feet" -> "foot";
            case "inches" -> "inch";
            case "dozen" -> "dozen";
            default -> unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        };
    }

    /** Value in the base unit ×1000 (so centimeters, stored as 1/100 meter, stay integral). */
    private static long milli(long amount, String unit) {
        long[] u = UNITS.get(singular(unit));
        if (u == null) {
            throw new AssertionError("unknown unit " + unit);
        }
        return u[1] > 0 ? amount * u[1] * 1000 : amount * 1000 / -u[1];
    }

    private static String amount(long milli, String unit) {
        long per = milli(1, unit);
        if (milli % per != 0) {
            throw new AssertionError("conversion is not whole: " + milli + " / " + per);
        }
        long v = milli / per;
        String s = singular(unit);
        String plural = switch (s) {
            case "foot" -> "feet";
            case "inch" -> "inches";
            case "dozen" -> "dozen";
            default -> s + "s";
        };
        return v + " " + (v == 1 ? s : plural);
    }

    static String units(String q) {
        Matcher m;
        if ((m = find("How many (\\w+) are in (\\d+) dozen eggs", q)) != null) {
            return amount(milli(n(m, 2), "dozen"), "eggs");
        }
        if ((m = find("How many dozen is (\\d+) eggs", q)) != null) {
            return amount(milli(n(m, 1), "eggs"), "dozen");
        }
        if ((m = find("How many (\\w+) are in (\\d+) (\\w+) and (\\d+) (\\w+)", q)) != null) {
            return amount(milli(n(m, 2), m.group(3)) + milli(n(m, 4), m.group(5)), m.group(1));
        }
        if ((m = find("How many (\\w+) are in (\\d+) (\\w+)", q)) != null) {
            return amount(milli(n(m, 2), m.group(3)), m.group(1));
        }
        if ((m = find("How many (\\w+) is (\\d+) (\\w+)", q)) != null) {
            return amount(milli(n(m, 2), m.group(3)), m.group(1));
        }
        if ((m = find("Convert (\\d+) (\\w+) to (\\w+)", q)) != null) {
            return amount(milli(n(m, 1), m.group(2)), m.group(3));
        }
        throw new AssertionError("unrecognized units question: " + q);
    }

    private static List<Long> list(String s) {
        return Arrays.stream(s.split(", ")).map(String::strip).map(Long::parseLong).toList();
    }

    private static String join(List<Long> xs) {
        return String.join(", ", xs.stream().map(String::valueOf).toList());
    }

    private static final List<String> MORE = List.of("older", "taller", "heavier", "more", "farther");

    static String compare(String q) {
        Matcher m;
        if ((m = find("Which is (greater|bigger|larger|smaller|less), (\\d+) or (\\d+)", q)) != null) {
            boolean big = !m.group(1).equals("smaller") && !m.group(1).equals("less");
            return Long.toString(big ? Math.max(n(m, 2), n(m, 3)) : Math.min(n(m, 2), n(m, 3)));
        }
        if ((m = find("Which sign goes between (\\d+) and (\\d+)", q)) != null) {
            int c = Long.compare(n(m, 1), n(m, 2));
            return m.group(1) + (c > 0 ? " > " : c < 0 ? " < " : " = ") + m.group(2);
        }
        if ((m = find("order from (smallest to largest|largest to smallest): ([\\d, ]+)\\.", q)) != null) {
            List<Long> xs = new ArrayList<>(list(m.group(2)));
            xs.sort(null);
            return join(m.group(1).startsWith("smallest") ? xs : xs.reversed());
        }
        if ((m = find("What is the (largest|smallest) number in this list: ([\\d, ]+)\\?", q)) != null) {
            List<Long> xs = new ArrayList<>(list(m.group(2)));
            xs.sort(null);
            return Long.toString(m.group(1).equals("largest") ? xs.getLast() : xs.getFirst());
        }
        if ((m = find("^(\\w+) \\D*(\\d+)[^.]*\\. (\\w+) \\D*(\\d+)[^.]*\\. Who (.*)\\?$", q)) != null) {
            boolean wantMore = MORE.stream().anyMatch(m.group(5)::contains);
            boolean firstMore = n(m, 2) > n(m, 4);
            return wantMore == firstMore ? m.group(1) : m.group(3);
        }
        throw new AssertionError("unrecognized compare question: " + q);
    }

    private static final Map<String, Integer> ORDER_WORDS = Map.of("taller", 1, "shorter", -1, "older", 1,
            "younger", -1, "faster", 1, "slower", -1, "heavier", 1, "lighter", -1);

    static String logic(String q) {
        Matcher m;
        if ((m = find("^(\\d+) is greater than (\\d+) (and|or) (\\d+) is greater than (\\d+)\\?", q.replaceFirst(
                "^Is this true or false: ", ""))) != null) {
            boolean a = n(m, 1) > n(m, 2);
            boolean b = n(m, 4) > n(m, 5);
            return Boolean.toString(m.group(3).equals("and") ? a && b : a || b);
        }
        if (q.contains(" than ")) {
            // Ordering clues: build "x above y" facts and find the end asked for.
            Map<String, Integer> rank = new HashMap<>();
            List<String[]> facts = new ArrayList<>();
            Matcher c = Pattern.compile("(\\w+) is (\\w+) than (\\w+)\\.").matcher(q);
            while (c.find()) {
                int dir = ORDER_WORDS.get(c.group(2));
                facts.add(dir > 0 ? new String[] {c.group(1), c.group(3)} : new String[] {c.group(3), c.group(1)});
                rank.putIfAbsent(c.group(1), 0);
                rank.putIfAbsent(c.group(3), 0);
            }
            // Longest-path ranks: a person's rank is how many people are below them.
            for (int round = 0; round < rank.size(); round++) {
                for (String[] f : facts) {
                    rank.put(f[0], Math.max(rank.get(f[0]), rank.get(f[1]) + 1));
                }
            }
            Matcher who = find("Who is the (\\w+)est\\?", q);
            boolean most = who != null && List.of("tall", "old", "fast", "heavi").contains(who.group(1));
            int target = most ? rank.size() - 1 : 0;
            return rank.entrySet().stream().filter(e -> e.getValue() == target).map(Map.Entry::getKey).findFirst()
                    .orElseThrow();
        }
        if (q.startsWith("No ")) {
            return "no";
        }
        if ((m = find("^All (\\w+) are (\\w+)\\. All \\2 ", q)) != null) {
            return "yes";
        }
        if ((m = find("^All (\\w+) [^.]*\\. (\\w+) is an? (\\w+)\\.", q)) != null) {
            return "yes";
        }
        if ((m = find("^All (\\w+) [^.]*\\. (\\w+) [^.]*\\. Is \\2 an? (\\w+)\\?", q)) != null) {
            return "we cannot tell";
        }
        if ((m = find("^If ([^,]+), then ([^.]+)\\. ([^.]+)\\. ", q)) != null) {
            String fact = m.group(3).toLowerCase(Locale.ROOT);
            if (fact.contains(" not ")) {
                return "no";
            }
            String consequent = m.group(2);
            String lastFact = fact.substring(fact.lastIndexOf(' ') + 1);
            String lastConsequent = consequent.substring(consequent.lastIndexOf(' ') + 1);
            return lastFact.regionMatches(0, lastConsequent, 0, 3) ? "we cannot tell" : "yes";
        }
        throw new AssertionError("unrecognized logic question: " + q);
    }

    static String sequences(String q) {
        Matcher m;
        if ((m = find("(?:What comes next: |pattern )([\\d, ]+?)(?:, \\.\\.\\.\\?|\\.)$", q)) != null) {
            List<Long> xs = list(m.group(1));
            long d = xs.get(1) - xs.get(0);
            boolean arithmetic = true;
            for (int i = 1; i < xs.size(); i++) {
                arithmetic &= xs.get(i) - xs.get(i - 1) == d;
            }
            if (arithmetic) {
                return Long.toString(xs.getLast() + d);
            }
            long r = xs.get(1) / xs.get(0);
            for (int i = 1; i < xs.size(); i++) {
                if (xs.get(i) != xs.get(i - 1) * r) {
                    throw new AssertionError("no rule for " + xs);
                }
            }
            return Long.toString(xs.getLast() * r);
        }
        if ((m = find("Is (\\d+) even or odd", q)) != null) {
            return n(m, 1) % 2 == 0 ? "even" : "odd";
        }
        if ((m = find("comes between (\\d+) and (\\d+)", q)) != null) {
            return Long.toString((n(m, 1) + n(m, 2)) / 2);
        }
        if ((m = find("comes just (after|before) (\\d+)", q)) != null) {
            return Long.toString(n(m, 2) + (m.group(1).equals("after") ? 1 : -1));
        }
        throw new AssertionError("unrecognized sequences question: " + q);
    }

    private static String clock(LocalTime t) {
        int h = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        return h + ":" + String.format("%02d", t.getMinute());
    }

    static String timeMoney(String q) {
        Matcher m;
        if ((m = find("It is (\\d+):(\\d+)\\. What time will it be in (\\d+) minutes", q)) != null) {
            return clock(LocalTime.of((int) n(m, 1) % 12, (int) n(m, 2)).plusMinutes(n(m, 3)));
        }
        if ((m = find("starts at (\\d+):(\\d+) and ends at (\\d+):(\\d+)", q)) != null) {
            return (n(m, 3) * 60 + n(m, 4) - n(m, 1) * 60 - n(m, 2)) + " minutes";
        }
        if ((m = find("costs (\\d+) cents and .* costs (\\d+) cents", q)) != null) {
            return (n(m, 1) + n(m, 2)) + " cents";
        }
        if ((m = find("costs (\\d+) cents and pay with 1 dollar", q)) != null) {
            return (100 - n(m, 1)) + " cents";
        }
        if ((m = find("If today is (\\w+), what day (?:will it be in (\\d+) days?|was it (\\d+) days? ago)", q)) != null) {
            DayOfWeek d = DayOfWeek.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            DayOfWeek r = m.group(2) != null ? d.plus(n(m, 2)) : d.minus(n(m, 3));
            return r.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        }
        if ((m = find("What month comes (\\d+) months? (after|before) (\\w+)", q)) != null) {
            Month mo = Month.valueOf(m.group(3).toUpperCase(Locale.ROOT));
            Month r = m.group(2).equals("after") ? mo.plus(n(m, 1)) : mo.minus(n(m, 1));
            return r.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        }
        throw new AssertionError("unrecognized time-money question: " + q);
    }

    private static Map<String, List<WordEntry>> byWord;

    static String definitions(String q, String given) {
        if (byWord == null) {
            Map<String, List<WordEntry>> m = new HashMap<>();
            for (WordEntry w : WordList.embedded()) {
                m.computeIfAbsent(w.word(), k -> new ArrayList<>()).add(w);
            }
            byWord = m;
        }
        Matcher m = find("\"([a-z]+)\"|^An? ([a-z]+) is a kind of what", q);
        if (m == null) {
            throw new AssertionError("no word in definitions question: " + q);
        }
        String word = m.group(1) != null ? m.group(1) : m.group(2);
        List<String> allowed = new ArrayList<>();
        for (WordEntry w : byWord.getOrDefault(word, List.of())) {
            if (q.startsWith("What is another word for ")) {
                allowed.addAll(w.synonyms());
            } else if (q.startsWith("What is the opposite of ")) {
                allowed.add(w.antonym());
            } else if (q.endsWith(" is a kind of what?")) {
                allowed.add(w.hypernym());
            } else if (q.startsWith("Use the word ")) {
                w.examples().forEach(e -> allowed.add(Character.toUpperCase(e.charAt(0)) + e.substring(1)
                        + (e.endsWith(".") || e.endsWith("!") || e.endsWith("?") ? "" : ".")));
            } else {
                allowed.add(w.gloss());
            }
        }
        if (!allowed.contains(given)) {
            throw new AssertionError("\"" + given + "\" is not a WordNet answer to: " + q + " (allowed " + allowed + ")");
        }
        return given;
    }

    static String story(Lesson l, String q) {
        String story = l.prompt().substring(0, l.prompt().lastIndexOf("\n\nInstruct: "));
        // Names and things are named in the story; a paraphrased answer ("the big slide") at least names its thing.
        String a = l.answer().substring(l.answer().lastIndexOf(' ') + 1);
        if (!story.toLowerCase(Locale.ROOT).contains(a.toLowerCase(Locale.ROOT))) {
            throw new AssertionError("answer \"" + l.answer() + "\" is not in the story: " + story);
        }
        return l.answer();
    }
}
