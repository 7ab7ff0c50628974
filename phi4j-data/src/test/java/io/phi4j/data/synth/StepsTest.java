package io.phi4j.data.synth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class StepsTest {
    @Test
    void addsOnePlacePartAtATime() {
        assertThat(Steps.add(560, 63)).isEqualTo("560 + 60 = 620. 620 + 3 = 623.");
        assertThat(Steps.add(63, 560)).isEqualTo("560 + 60 = 620. 620 + 3 = 623.");
        assertThat(Steps.add(340, 60)).isEqualTo("340 + 60 = 400.");
        assertThat(Steps.add(3000, 757)).isEqualTo("3000 + 757 = 3757."); // filling zeros is copying
        assertThat(Steps.add(4, 5)).isEqualTo("4 + 5 = 9.");
        assertThat(Steps.addSo(1020, 45)).isEqualTo("1020 + 40 = 1060. 1060 + 5 = 1065. So 1020 + 45 = 1065.");
    }

    @Test
    void multipliesBySplitting() {
        assertThat(Steps.mul(89, 7)).isEqualTo("Split 89 into 80 and 9. 80 × 7 = 560 and 9 × 7 = 63. 560 + 60 = 620."
                + " 620 + 3 = 623. So 89 × 7 = 623.");
        assertThat(Steps.mul(17, 24)).isEqualTo("Split 24 into 20 and 4. 17 × 20 = 340 and 17 × 4 = 68. 340 + 60 = 400."
                + " 400 + 8 = 408. So 17 × 24 = 408.");
        assertThat(Steps.mul(15, 15, "*")).isEqualTo("Split 15 into 10 and 5. 15 * 10 = 150 and 15 * 5 = 75."
                + " 150 + 70 = 220. 220 + 5 = 225. So 15 * 15 = 225.");
        assertThat(Steps.mul(135, 3)).isEqualTo("Split 135 into 100, 30 and 5. 100 × 3 = 300, 30 × 3 = 90 and"
                + " 5 × 3 = 15. 300 + 90 = 390. 390 + 10 = 400. 400 + 5 = 405. So 135 × 3 = 405.");
        assertThat(Steps.mul(17, 60)).endsWith("So 17 × 6 = 102. Add a zero: 17 × 60 = 1020.");
        assertThat(Steps.mul(6, 7)).isEqualTo("6 × 7 = 42.");
        assertThat(Steps.mul(80, 7)).isEqualTo("80 × 7 = 560.");
        assertThat(Steps.mul(13, 1000)).isEqualTo("13 × 1000 = 13000.");
    }

    @Test
    void dividesByGuessAndCheckWithARoundMultiple() {
        assertThat(Steps.div(252, 12)).isEqualTo("12 × 20 = 240. 252 - 240 = 12. 12 × 1 = 12, so 12 ÷ 12 = 1."
                + " 20 + 1 = 21. So 252 ÷ 12 = 21.");
        assertThat(Steps.div(240, 12)).isEqualTo("12 × 20 = 240. 240 - 240 = 0. Nothing is left, so 240 ÷ 12 = 20.");
        assertThat(Steps.div(84, 12)).isEqualTo("12 × 7 = 84, so 84 ÷ 12 = 7.");
        assertThat(Steps.div(13000, 1000)).isEqualTo("Take away three zeros: 13000 ÷ 1000 = 13.");
        assertThat(Steps.div(168, 24)).startsWith("Split 24 into 20 and 4.").endsWith("So 24 × 7 = 168, so 168 ÷ 24 = 7.");
    }

    @Test
    void scansWithTheDecidingDigitsAndSelectsWithTheRemainingListWrittenOut() {
        assertThat(Steps.scan(List.of(505, 58, 638, 631), true)).isEqualTo("Start with 505. 58 has 2 digits and 505"
                + " has 3, so 58 is not larger. 638 and 505: hundreds 6 and 5, so 638 is larger. Keep 638. 631 and 638:"
                + " hundreds 6 and 6, tens 3 and 3, ones 1 and 8, so 631 is not larger. The largest is 638.");
        assertThat(Steps.scan(List.of(6, 2, 9, 2), false)).isEqualTo("Start with 6. 2 and 6: ones 2 and 6, so 2 is"
                + " smaller. Keep 2. 9 and 2: ones 9 and 2, so 9 is not smaller. 2 and 2: ones 2 and 2, the same"
                + " number. The smallest is 2.");
        assertThat(Steps.digitReason(7, 12)).isEqualTo("7 has 1 digit and 12 has 2");
        assertThat(Steps.selection(List.of(467, 958, 837), false)).isEqualTo("Of 467, 958, 837: hundreds 4, 9, 8, so"
                + " the largest is 958. Of 467, 837: hundreds 4, 8, so the largest is 837. The last one is 467.");
        assertThat(Steps.selection(List.of(415, 244, 437, 19), true)).isEqualTo("Of 415, 244, 437, 19: digits 3, 3, 3,"
                + " 2, so the smallest is 19. Of 415, 244, 437: hundreds 4, 2, 4, so the smallest is 244. Of 415, 437:"
                + " hundreds 4, 4, tens 1, 3, so the smallest is 415. The last one is 437.");
        assertThat(Steps.selection(List.of(7, 7, 12), true)).isEqualTo("Of 7, 7, 12: digits 1, 1, 2, so the smallest"
                + " is 7. Of 7, 12: digits 1, 2, so the smallest is 7. The last one is 12.");
        assertThat(Steps.selection(List.of(31, 31), false)).isEqualTo("Of 31, 31: all the same, so the largest is"
                + " 31. The last one is 31.");
    }

    /** Division walks up the times table from 10, 5 or 1 times the divisor, saying why a larger start is too big. */
    @Test
    void dividesByWalkingUpTheTimesTable() {
        assertThat(MulDivFamily.divSteps(38, 3)).isEqualTo("38 ÷ 3 asks how many 3s make 38. 3 × 10 = 30. 3 × 11 = 33."
                + " 3 × 12 = 36. 3 × 13 = 39 is more than 38, so 3 × 12 = 36 is the most that fits. 38 - 36 = 2 left"
                + " over. So 38 ÷ 3 = 12 remainder 2.");
        assertThat(MulDivFamily.divSteps(35, 7)).isEqualTo("35 ÷ 7 asks how many 7s make 35. 7 × 10 = 70 is more than"
                + " 35. 7 × 5 = 35 is exactly 35. Nothing is left over. So 35 ÷ 7 = 5.");
        assertThat(MulDivFamily.divSteps(14, 4)).isEqualTo("14 ÷ 4 asks how many 4s make 14. 4 × 10 = 40 is more than"
                + " 14. 4 × 5 = 20 is more than 14. 4 × 1 = 4. 4 × 2 = 8. 4 × 3 = 12. 4 × 4 = 16 is more than 14, so"
                + " 4 × 3 = 12 is the most that fits. 14 - 12 = 2 left over. So 14 ÷ 4 = 3 remainder 2.");
    }

    /** Every division the generator can ask ends with the true quotient and remainder after true steps. */
    @Test
    void everyDivisionWalkIsTrue() {
        for (int d = 2; d <= 10; d++) {
            for (int n = d * 2; n <= d * 12 + d - 1; n++) {
                String s = MulDivFamily.divSteps(n, d);
                assertThat(EquationChecker.check(s)).as(s).allMatch(EquationChecker.Result::ok);
                String end = n % d == 0 ? "So " + n + " ÷ " + d + " = " + n / d + "."
                        : "So " + n + " ÷ " + d + " = " + n / d + " remainder " + n % d + ".";
                assertThat(s).as(s).endsWith(end);
                assertThat(s.split("\\. ").length).as(s).isLessThanOrEqualTo(10);
            }
        }
    }

    private static final Pattern STEP = Pattern.compile("(\\d+) ([+×]) (\\d+) = (\\d+)");

    /**
     * Every step of a product or a division is true, and every addition step adds a number with one non-zero
     * digit (or fills zeros), the kind of step a tiny model copies reliably.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7, 12, 24, 60, 100, 1000})
    void everyStepIsTrueAndSmall(int factor) {
        for (int n = 1; n <= 30; n++) {
            for (String text : List.of(Steps.mul(n, factor), Steps.mul(factor, n), Steps.div(n * factor, factor))) {
                assertThat(EquationChecker.check(text)).allMatch(EquationChecker.Result::ok);
                Matcher m = STEP.matcher(text);
                while (m.find()) {
                    if (m.group(2).equals("+")) {
                        long a = Long.parseLong(m.group(1));
                        long b = Long.parseLong(m.group(3));
                        long small = Math.min(a, b);
                        long big = Math.max(a, b);
                        boolean onePart = Steps.placeParts((int) small).size() <= 1;
                        boolean fills = big % (long) Math.pow(10, Long.toString(small).length()) == 0;
                        assertThat(onePart || fills || big < 10).as("%s in %s", m.group(), text).isTrue();
                    }
                }
            }
        }
    }
}
