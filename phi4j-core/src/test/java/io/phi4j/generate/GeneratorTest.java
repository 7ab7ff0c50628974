package io.phi4j.generate;

import io.phi4j.Model;
import io.phi4j.model.Session;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorTest {
    private static final String MODEL = "reference/small-phi2/small-phi2-Q8_0.gguf";

    @Test
    void reusingTheCachedPrefixGivesTheSameTokensAsAFreshSession() {
        try (Model m = Model.load(Fixtures.resource(MODEL))) {
            Generator g = new Generator(m.tokenizer());
            int[] first = m.tokenizer().encode("The quick brown fox");
            int[] second = m.tokenizer().encode("The quick brown fox jumps over");
            Session shared = m.newSession(128);
            g.generate(shared, first, GenerationOptions.greedy(5), TokenListener.NONE);
            GenerationResult reused = g.generate(shared, second, GenerationOptions.greedy(8), TokenListener.NONE);
            GenerationResult fresh = g.generate(m.newSession(128), second, GenerationOptions.greedy(8), TokenListener.NONE);
            assertThat(reused.reusedTokens()).isEqualTo(first.length);
            assertThat(fresh.reusedTokens()).isZero();
            assertThat(reused.tokens()).containsExactly(fresh.tokens());
            assertThat(reused.text()).isEqualTo(fresh.text());
        }
    }

    @Test
    void streamedPiecesConcatenateToTheResultTextAndTheListenerCanCancel() {
        try (Model m = Model.load(Fixtures.resource(MODEL))) {
            Generator g = new Generator(m.tokenizer());
            int[] prompt = m.tokenizer().encode("Once upon a time");
            StringBuilder streamed = new StringBuilder();
            GenerationResult r = g.generate(m.newSession(128), prompt, GenerationOptions.greedy(20).withStopAtEos(false),
                    (id, text) -> { streamed.append(text); return true; });
            assertThat(streamed.toString()).isEqualTo(r.text());
            assertThat(r.tokens()).hasSize(20);
            assertThat(r.text()).isEqualTo(m.tokenizer().decode(r.tokens()));

            List<Integer> seen = new ArrayList<>();
            GenerationResult cancelled = g.generate(m.newSession(128), prompt, GenerationOptions.greedy(20),
                    (id, text) -> { seen.add(id); return seen.size() < 3; });
            assertThat(cancelled.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(cancelled.tokens()).hasSize(3);
        }
    }
}
