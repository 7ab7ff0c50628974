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
    void scansAndSelectsWithTheRemainingListWrittenOut() {
        assertThat(Steps.scan(List.of(6, 2, 9, 2), false)).isEqualTo("Start with 6. 2 is smaller than 6, so keep 2."
                + " 9 is not smaller than 2. 2 is not smaller than 2. The smallest is 2.");
        assertThat(Steps.selection(List.of(467, 958, 837), false)).isEqualTo("Find the largest of 467, 958, 837."
                + " Start with 467. 958 is larger than 467, so keep 958. 837 is not larger than 958. The largest is 958."
                + " Find the largest of 467, 837. Start with 467. 837 is larger than 467, so keep 837. The largest is"
                + " 837. The last one is 467.");
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
