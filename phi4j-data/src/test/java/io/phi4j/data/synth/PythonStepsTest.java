package io.phi4j.data.synth;

import io.phi4j.data.Lesson;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked steps of Python lessons that compute something on the way (halving, sums from any start, column
 * addition, one line per list item): their exact text, and, over thousands of generated lessons, that the values
 * they write are the program's own.
 */
class PythonStepsTest {
    @Test
    void halvesTensAndOnesAndGivesAwayTheOddOne() {
        assertThat(PythonFamily.halving(36)).isEqualTo("Split 36 into 30 and 6. Half of 30 is 15 and half of 6 is 3."
                + " 15 + 3 = 18.");
        assertThat(PythonFamily.halving(37)).isEqualTo("37 is odd: 37 = 36 + 1. Split 36 into 30 and 6. Half of 30"
                + " is 15 and half of 6 is 3. 15 + 3 = 18. Half of 1 is 0.5. 18 + 0.5 = 18.5.");
        assertThat(PythonFamily.halving(9)).isEqualTo("9 is odd: 9 = 8 + 1. Half of 8 is 4. Half of 1 is 0.5. 4 + 0.5"
                + " = 4.5.");
        assertThat(PythonFamily.halving(50)).isEqualTo("Half of 50 is 25.");
        assertThat(PythonFamily.halving(11)).isEqualTo("11 is odd: 11 = 10 + 1. Half of 10 is 5. Half of 1 is 0.5."
                + " 5 + 0.5 = 5.5.");
    }

    @Test
    void sumsFromAnyStartNameTheLastNumberAtEveryStep() {
        assertThat(PythonFamily.boundedSum(2, 4)).isEqualTo("i = 2, not yet 4: 0 + 2 = 2. i = 3, not yet 4: 2 + 3"
                + " = 5. i = 4, the last one: 5 + 4 = 9.");
        assertThat(PythonFamily.boundedSum(1, 1)).isEqualTo("i = 1, the last one: 0 + 1 = 1.");
    }

    @Test
    void spellsNumbersAndTalliesLetters() {
        assertThat(PythonFamily.spell("happy")).isEqualTo("h, a, p, p, y");
        assertThat(PythonFamily.numbered("lemon")).isEqualTo("1 l, 2 e, 3 m, 4 o, 5 n");
        assertThat(PythonFamily.tally("banana", 'a')).isEqualTo("b, a (1), n, a (2), n, a (3)");
        assertThat(PythonFamily.tally("rocket", 'r')).isEqualTo("r (1), o, c, k, e, t");
    }

    private static final Pattern HALF = Pattern.compile("^x = (\\d+)\\nprint\\(x / 2\\)$", Pattern.MULTILINE);
    private static final Pattern HALF_END = Pattern.compile("So (\\d+) / 2 = ([\\d.]+)\\. The program prints:"
            + " ([\\d.]+)");
    private static final Pattern SUM = Pattern.compile("for i in range\\((\\d+), (\\d+)\\):");
    private static final Pattern SUM_STEP = Pattern.compile("i = (\\d+), (?:not yet (\\d+)|the last one): (\\d+) \\+"
            + " (\\d+) = (\\d+)\\.");
    private static final Pattern ADD = Pattern.compile("print\\(add\\((\\d+), (\\d+)\\)\\)");
    private static final Pattern FRUITS = Pattern.compile("for fruit in \\[(.*)]:\\n    print\\(\"(.*)\" \\+ fruit\\)");
    private static final Pattern WORD = Pattern.compile("^(\\w+) = \"(\\w+)\"\\nprint\\((.*)\\)$");
    private static final Pattern DICT_LOOKUP = Pattern.compile("^ages = \\{(.*)}\\nprint\\(ages\\[\"(\\w+)\"]\\)$");
    private static final Pattern DICT_PAIR = Pattern.compile("The dictionary has \"(\\w+)\": (\\d+), so the value is"
            + " (\\d+)\\.");
    private static final Pattern RANGE = Pattern.compile("^for i in range\\((\\d+)\\):\\n    print\\(i \\* (\\d+)\\)$");
    private static final Pattern FRUIT_LINE = Pattern.compile(" fruit is \"(\\w+)\": ([A-Za-z ]+)\\.");

    @Test
    void everyWorkedValueIsTheProgramsOwn() {
        Map<String, Integer> seen = new HashMap<>();
        for (Lesson l : GeneratedLessons.of(5, "python", 4000)) {
            if (l.prompt() == null) {
                continue;
            }
            String sol = l.text().substring(l.prompt().length());
            // Only the practice question's program: worked examples before it have their own.
            String program = Objects.requireNonNullElse(PythonExercisesTest.lastProgram(l.prompt()), "");
            Matcher m;
            if ((m = HALF.matcher(program)).find()) {
                int x = Integer.parseInt(m.group(1));
                Matcher end = HALF_END.matcher(sol);
                assertThat(end.find()).as(sol).isTrue();
                assertThat(List.of(end.group(1), end.group(2), end.group(3))).as(sol)
                        .containsExactly("" + x, "" + x / 2.0, l.answer());
                assertThat(sol).contains(PythonFamily.halving(x));
                seen.merge("half", 1, Integer::sum);
            }
            if ((m = SUM.matcher(program)).find()) {
                int from = Integer.parseInt(m.group(1));
                int last = Integer.parseInt(m.group(2)) - 1;
                List<Integer> counters = new ArrayList<>();
                int total = 0;
                Matcher step = SUM_STEP.matcher(sol);
                while (step.find()) {
                    int c = Integer.parseInt(step.group(1));
                    assertThat(step.group(2) == null ? c : Integer.parseInt(step.group(2))).as(sol).isEqualTo(last);
                    assertThat(Integer.parseInt(step.group(3))).isEqualTo(total);
                    total += c;
                    assertThat(Integer.parseInt(step.group(5))).isEqualTo(total);
                    counters.add(c);
                }
                assertThat(counters).as(sol).hasSize(last - from + 1).startsWith(from).endsWith(last);
                assertThat(l.answer()).isEqualTo("" + total);
                seen.merge("sum", 1, Integer::sum);
            }
            if ((m = ADD.matcher(sol)).find()) {
                int a = Integer.parseInt(m.group(1));
                int b = Integer.parseInt(m.group(2));
                assertThat(sol).contains(ColumnArithmetic.addSteps(a, b))
                        .contains("The program prints: " + (a + b));
                seen.merge("add", 1, Integer::sum);
            }
            if ((m = FRUITS.matcher(program)).find()) {
                List<String> listed = List.of(m.group(1).replace("\"", "").split(", "));
                List<String> items = new ArrayList<>();
                Matcher p = FRUIT_LINE.matcher(sol);
                while (p.find()) {
                    items.add(p.group(1));
                    assertThat(p.group(2)).isEqualTo(m.group(2) + p.group(1));
                }
                assertThat(items).as(sol).isEqualTo(listed);
                assertThat(m.group(2)).doesNotEndWith(" a ");
                seen.merge("forlist", 1, Integer::sum);
            }
            if ((m = WORD.matcher(program)).find()) {
                String w = m.group(2);
                String is = m.group(1) + " is \"" + w + "\"";
                // The word is copied from the program (after an opener such as "Good question!"), and spelled
                // with its own letters.
                assertThat(sol).as(sol).contains(" " + is);
                if (sol.contains(" " + is + ": ")) {
                    assertThat(sol).contains(" " + is + ": " + PythonFamily.spell(w) + ".");
                }
                if (m.group(3).endsWith(".upper()")) {
                    assertThat(sol).contains("capital letter: " + PythonFamily.spell(l.answer()) + ".");
                }
                if (m.group(3).startsWith("len(")) {
                    assertThat(sol).contains(PythonFamily.numbered(w) + ". \"" + w + "\" has " + l.answer());
                }
                seen.merge("string", 1, Integer::sum);
            }
            if ((m = DICT_LOOKUP.matcher(program)).find()) {
                Matcher pair = DICT_PAIR.matcher(sol);
                assertThat(pair.find()).as(sol).isTrue();
                assertThat(pair.group(1)).isEqualTo(m.group(2));
                assertThat(m.group(1)).contains("\"" + pair.group(1) + "\": " + pair.group(2));
                assertThat(List.of(pair.group(2), pair.group(3))).containsOnly(l.answer());
                seen.merge("dict", 1, Integer::sum);
            }
            if ((m = RANGE.matcher(program)).find()) {
                int count = Integer.parseInt(m.group(1));
                int mult = Integer.parseInt(m.group(2));
                List<String> printed = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    printed.add("" + i * mult);
                }
                assertThat(sol).contains("That is " + count + " lines: " + Text.joinAnd(printed) + ".");
                assertThat(l.answer()).isEqualTo(String.join("\n", printed));
                seen.merge("forrange", 1, Integer::sum);
            }
        }
        // Each check ran on real lessons (a pattern that stopped matching would otherwise pass silently).
        assertThat(seen.keySet()).containsExactlyInAnyOrder("half", "sum", "add", "forlist", "string", "dict",
                "forrange");
        assertThat(seen.values()).allSatisfy(n -> assertThat(n).isGreaterThan(10));
    }
}
