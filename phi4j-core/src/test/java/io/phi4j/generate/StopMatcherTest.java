package io.phi4j.generate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StopMatcherTest {
    @Test
    void holdsBackAPossibleStartOfAStopStringAndCutsAtTheStop() {
        StopMatcher m = new StopMatcher(List.of("\nBob:"));
        assertThat(m.accept("Hello")).isEqualTo("Hello");
        assertThat(m.accept(" there\n")).isEqualTo(" there");
        assertThat(m.accept("Bo")).isEmpty();
        assertThat(m.accept("b: hi")).isEmpty();
        assertThat(m.stopped()).isTrue();
        assertThat(m.accept("more")).isEmpty();
    }

    @Test
    void releasesHeldTextWhenItTurnsOutNotToBeAStop() {
        StopMatcher m = new StopMatcher(List.of("STOP"));
        assertThat(m.accept("ST")).isEmpty();
        assertThat(m.accept("OP")).isEmpty();
        assertThat(m.stopped()).isTrue();

        StopMatcher n = new StopMatcher(List.of("STOP"));
        assertThat(n.accept("xST")).isEqualTo("x");
        assertThat(n.accept("ART")).isEqualTo("START");
        assertThat(n.accept("S")).isEmpty();
        assertThat(n.flush()).isEqualTo("S");
    }

    @Test
    void theEarliestOfSeveralStopsWins() {
        StopMatcher m = new StopMatcher(List.of("cd", "b"));
        assertThat(m.accept("abcd")).isEqualTo("a");
    }

    @Test
    void withoutStopsEverythingPassesAtOnce() {
        StopMatcher m = new StopMatcher(List.of());
        assertThat(m.accept("abc")).isEqualTo("abc");
        assertThat(m.flush()).isEmpty();
    }
}
