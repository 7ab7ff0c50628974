package io.phi4j.data.synth;

import io.phi4j.data.Lesson;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison steps that write a value again next to where it is used (place by place, owners beside their
 * numbers): their exact text, and, over thousands of generated lessons, that every value written again is the one
 * the question holds.
 */
class ValueNextToUseTest {
    @Test
    void comparesPlaceByPlaceInTheQuestionsOrder() {
        assertThat(CompareFamily.placeByPlace(585, 593)).isEqualTo("The hundreds: 5 and 5 are the same. The tens: 8"
                + " and 9, and 9 is more than 8, so 593 is greater.");
        assertThat(CompareFamily.placeByPlace(593, 585)).isEqualTo("The hundreds: 5 and 5 are the same. The tens: 9"
                + " and 8, and 9 is more than 8, so 593 is greater.");
        assertThat(CompareFamily.placeByPlace(382, 382)).isEqualTo("The hundreds: 3 and 3 are the same. The tens: 8"
                + " and 8 are the same. The ones: 2 and 2 are the same. Every place is the same, so the numbers are"
                + " equal.");
        assertThat(CompareFamily.placeByPlace(76, 479)).isEqualTo("76 has 2 digits and 479 has 3, so 479 is"
                + " greater.");
        assertThat(CompareFamily.placeByPlace(54, 55)).isEqualTo("The tens: 5 and 5 are the same. The ones: 4 and"
                + " 5, and 5 is more than 4, so 55 is greater.");
    }

    private static final Pattern FACT = Pattern.compile("([A-Z][a-z]+) (?:is|weighs|scored|read|ran) (\\d+) ");
    private static final Pattern OWNED = Pattern.compile("([A-Z][a-z]+): (\\d+), so (\\d+) is ([A-Z][a-z]+)'s\\.");
    private static final Pattern VERDICT = Pattern.compile("(\\d+) is (more|less) than (\\d+), and (\\d+) is"
            + " ([A-Z][a-z]+)'s, so ([A-Z][a-z]+) ");

    @Test
    void everyValueWrittenAgainIsTheOneTheQuestionHolds() {
        Map<String, Integer> seen = new HashMap<>();
        for (Lesson l : GeneratedLessons.of(11, "compare", 3000)) {
            String q = l.prompt() == null ? l.text() : l.prompt();
            String sol = l.prompt() == null ? l.text() : l.text().substring(l.prompt().length());
            if (l.family().equals("compare") && l.prompt() != null && OWNED.matcher(sol).find()) {
                checkOwners(q.substring(q.lastIndexOf(':', q.lastIndexOf(" Who ")) + 1), sol, l.answer());
                seen.merge("owners", 1, Integer::sum);
            }
        }
        // Each check ran on real lessons (a pattern that stopped matching would otherwise pass silently).
        assertThat(seen.keySet()).containsExactly("owners");
        assertThat(seen.values()).allSatisfy(n -> assertThat(n).isGreaterThan(20));
    }

    /** The facts of the question bind names to numbers; the solution must bind the same ones and pick the owner. */
    private static void checkOwners(String question, String sol, String answer) {
        Map<String, String> facts = new HashMap<>();
        Matcher f = FACT.matcher(question);
        while (f.find()) {
            facts.put(f.group(1), f.group(2));
        }
        assertThat(facts).as(question).hasSize(2);
        Map<String, String> owners = new HashMap<>();
        Matcher o = OWNED.matcher(sol);
        while (o.find()) {
            assertThat(o.group(4)).as(sol).isEqualTo(o.group(1));
            assertThat(o.group(3)).as(sol).isEqualTo(o.group(2));
            owners.put(o.group(1), o.group(2));
        }
        assertThat(owners).as(sol).isEqualTo(facts);
        Matcher v = VERDICT.matcher(sol);
        assertThat(v.find()).as(sol).isTrue();
        int picked = Integer.parseInt(v.group(1));
        int other = Integer.parseInt(v.group(3));
        assertThat(v.group(2).equals("more") ? picked > other : picked < other).as(sol).isTrue();
        assertThat(v.group(4)).isEqualTo(v.group(1));
        assertThat(owners.get(v.group(5))).as(sol).isEqualTo(v.group(1));
        assertThat(v.group(6)).isEqualTo(v.group(5)).isEqualTo(answer);
    }
}
