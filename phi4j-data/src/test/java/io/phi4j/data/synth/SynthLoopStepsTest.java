package io.phi4j.data.synth;

import io.phi4j.data.Lesson;
import io.phi4j.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The step texts of Python loops and of day/month counting follow the real iterations and stop at exactly n. */
class SynthLoopStepsTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 7})
    void sumLoopWritesEveryIteration(int n) {
        String s = PythonFamily.sumLoop("total", n);
        Matcher m = Pattern.compile("i = (\\d+): total = (\\d+) \\+ (\\d+) = (\\d+)\\.").matcher(s);
        int total = 0;
        int i = 1;
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(i);
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(total);
            assertThat(Integer.parseInt(m.group(3))).isEqualTo(i);
            total += i;
            assertThat(Integer.parseInt(m.group(4))).isEqualTo(total);
            i++;
        }
        assertThat(i - 1).isEqualTo(n);
        assertThat(s).endsWith("range(1, " + (n + 1) + ") stops before " + (n + 1) + ", so total is " + total + ".");
        assertThat(PythonFamily.sumLoop("s", 3)).isEqualTo("s starts at 0. i = 1: s = 0 + 1 = 1. i = 2: s = 1 + 2 = 3."
                + " i = 3: s = 3 + 3 = 6. range(1, 4) stops before 4, so s is 6.");
    }

    @Test
    void rangeLoopWritesEachValueOfI() {
        assertThat(PythonFamily.rangeLoop(4, 9)).isEqualTo(
                "i = 0: 0 * 9 = 0. i = 1: 1 * 9 = 9. i = 2: 2 * 9 = 18. i = 3: 3 * 9 = 27. range(4) stops before 4.");
        assertThat(PythonFamily.rangeLoop(2, 5)).isEqualTo("i = 0: 0 * 5 = 0. i = 1: 1 * 5 = 5. range(2) stops before 2.");
    }

    @Test
    void listLoopCopiesEachItemNextToItsSource() {
        assertThat(PythonFamily.listLoop(List.of("mango", "peach", "kiwi"), "I ate a ")).isEqualTo(
                "fruit = \"mango\": I ate a mango. fruit = \"peach\": I ate a peach. fruit = \"kiwi\": I ate a kiwi."
                        + " The list has no more fruits.");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 16, 17, 35, 64, 65, 70})
    void growLoopChecksBeforeEveryStep(int limit) {
        assertThat(PythonFamily.growLoop(35, 2)).isEqualTo("n = 1. 1 < 35, so n = 1 * 2 = 2. 2 < 35, so n = 2 * 2 = 4."
                + " 4 < 35, so n = 4 * 2 = 8. 8 < 35, so n = 8 * 2 = 16. 16 < 35, so n = 16 * 2 = 32."
                + " 32 < 35, so n = 32 * 2 = 64. 64 is not less than 35, so the loop stops.");
        for (int factor : new int[] {2, 3}) {
            String s = PythonFamily.growLoop(limit, factor);
            int n = 1;
            int steps = 0;
            while (n < limit) {
                assertThat(s).contains(n + " < " + limit + ", so n = " + n + " * " + factor + " = " + n * factor + ".");
                n *= factor;
                steps++;
            }
            assertThat(s.split(" < ", -1)).hasSize(steps + 1);
            assertThat(s).endsWith(" " + n + " is not less than " + limit + ", so the loop stops.");
        }
    }

    @Test
    void oddHalvesAreSplitIntoAnEvenPartAndOne() {
        assertThat(PythonFamily.halfSteps(11)).isEqualTo("10 / 2 = 5 and 1 / 2 = 0.5. 5 and 0.5 make 5.5.");
        assertThat(PythonFamily.halfSteps(40)).isEqualTo("40 / 2 = 20.0.");
        for (int a = 7; a <= 50; a++) {
            for (EquationChecker.Result r : EquationChecker.check(PythonFamily.halfSteps(a))) {
                assertThat(r.ok()).as(r.equation()).isTrue();
            }
        }
    }

    @Test
    void monthsAndDaysAreNumberedUpToExactlyN() {
        assertThat(TimeMoneyFamily.numbered(TimeMoneyFamily.MONTHS, 8, 5, true))
                .isEqualTo("1 October, 2 November, 3 December, 4 January, 5 February");
        assertThat(TimeMoneyFamily.numbered(TimeMoneyFamily.MONTHS, 1, 3, false))
                .isEqualTo("1 January, 2 December, 3 November");
        for (int n = 1; n <= 13; n++) {
            for (boolean forward : new boolean[] {true, false}) {
                String s = TimeMoneyFamily.daySteps(4, n, forward);
                String target = TimeMoneyFamily.DAYS.get(Math.floorMod(4 + (forward ? n : -n), 7));
                int left = n % 7;
                if (left == 0) {
                    assertThat(s).doesNotContain("Count");
                    assertThat(target).isEqualTo("Friday");
                } else {
                    assertThat(s).endsWith(": " + TimeMoneyFamily.numbered(TimeMoneyFamily.DAYS, 4, left, forward)
                            + ".");
                    assertThat(s).endsWith(" " + left + " " + target + ".");
                }
            }
        }
        assertThat(TimeMoneyFamily.daySteps(4, 8, true)).isEqualTo("8 days is 1 week and 1 day. After 1 week it is"
                + " Friday again. Count forward 1 day from Friday: 1 Saturday.");
        assertThat(TimeMoneyFamily.daySteps(4, 1, false)).isEqualTo("Count back 1 day from Friday: 1 Thursday.");
    }

    @Test
    void elapsedTimeGoesThroughTheFullHour() {
        assertThat(TimeMoneyFamily.elapsedSteps(8, 55, 9, 50)).isEqualTo(
                "From 8:55 to 9:00 is 60 - 55 = 5 minutes. From 9:00 to 9:50 is 50 minutes. 5 + 50 = 55.");
        assertThat(TimeMoneyFamily.elapsedSteps(8, 20, 9, 0)).isEqualTo("From 8:20 to 9:00 is 60 - 20 = 40 minutes.");
        assertThat(TimeMoneyFamily.elapsedSteps(3, 5, 3, 45)).isEqualTo(
                "From 3:05 to 3:45 is 45 - 5 = 40 minutes.");
    }

    /** The longer traces still leave room for a worked example in most textbook lessons of their kind. */
    @Test
    void textbookLessonsKeepAnExampleAndStayShort() {
        Map<String, int[]> byKind = new TreeMap<>();
        for (Split split : Split.values()) {
            SynthGenerator gen = new SynthGenerator(5, split, List.of("python", "time-money"), null);
            for (int i = 0; i < 3000; i++) {
                Lesson l = gen.lesson(i);
                assertThat(QaFamily.estimatedTokens(l.text())).as(l.text()).isLessThanOrEqualTo(QaFamily.MAX_TOKENS
                        + 30);
                if (!l.format().equals("textbook")) {
                    continue;
                }
                String key = l.keys().getFirst(); // the practice question's own key, "py:sum:5"
                String kind = key.substring(0, key.indexOf(':', key.indexOf(':') + 1));
                int[] c = byKind.computeIfAbsent(kind, k -> new int[2]);
                c[0]++;
                if (l.text().contains("\nExample")) {
                    c[1]++;
                    assertThat(QaFamily.estimatedTokens(l.text())).as(l.text()).isLessThanOrEqualTo(QaFamily.MAX_TOKENS);
                }
            }
        }
        List<String> report = new ArrayList<>();
        byKind.forEach((k, c) -> report.add(k + " " + c[1] + "/" + c[0]));
        System.out.println("lessons with an example: " + report);
        // Kinds whose step texts were written for the tiny model; the sum and while-loop traces (like money change)
        // were already too long for an example before, and that is accepted.
        for (String k : List.of("py:forrange", "py:forlist", "py:half", "py:prec", "py:dict", "py:fn", "time:day",
                "time:month", "time:elapsed")) {
            int[] c = byKind.get(k);
            assertThat(c[0]).as(k).isGreaterThan(20);
            assertThat(c[1]).as(k + " " + report).isGreaterThanOrEqualTo(c[0] * 6 / 10);
        }
    }
}
