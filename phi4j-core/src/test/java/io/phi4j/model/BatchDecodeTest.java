package io.phi4j.model;

import io.phi4j.Model;
import io.phi4j.testing.Fixtures;
import io.phi4j.testing.LogitChecks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchDecodeTest {
    @Test
    void oneBatchedStepEqualsEachSessionAlone() {
        try (Model m = Model.load(Fixtures.resource("reference/small-phi2/small-phi2-Q4_K.gguf"))) {
            int[][] prompts = {{1, 2, 3, 4, 5}, {40, 83}, {300, 301, 302, 303, 304, 305, 306, 307, 308}};
            int[] next = {17, 250, 511};
            Session[] batched = new Session[3];
            float[][] alone = new float[3][];
            for (int i = 0; i < 3; i++) {
                batched[i] = m.newSession(32);
                batched[i].append(prompts[i]);
                Session single = m.newSession(32);
                single.append(prompts[i]);
                alone[i] = single.append(next[i]);
            }
            float[] logits = Session.decodeBatch(batched, next);
            int vocab = m.config().vocabSize();
            for (int i = 0; i < 3; i++) {
                float[] row = java.util.Arrays.copyOfRange(logits, i * vocab, (i + 1) * vocab);
                // Batched and single-row matmuls may sum in another order: float rounding, not a different result.
                assertThat(LogitChecks.maxAbsDiff(row, alone[i])).as("sequence %d", i).isLessThan(1e-4);
                assertThat(batched[i].position()).isEqualTo(prompts[i].length + 1);
            }
        }
    }

    /**
     * A step that mixes a decoding sequence with prompt chunks (one completing its prompt, one not) gives each
     * sequence what appending alone gives, and leaves every cache as appending alone does.
     */
    @Test
    void mixedPrefillAndDecodeStepEqualsEachSessionAlone() {
        try (Model m = Model.load(Fixtures.resource("reference/small-phi2/small-phi2-Q4_K.gguf"))) {
            int vocab = m.config().vocabSize();
            int[] promptA = {1, 2, 3, 4, 5};
            int[] promptB = {40, 83, 84, 85, 86, 87, 88};
            int[] promptC = {300, 301, 302, 303, 304, 305, 306, 307, 308, 309};
            Session a = m.newSession(32), b = m.newSession(32), c = m.newSession(32);
            a.append(promptA);
            b.append(promptB, 0, 2, false); // B's first chunk came in an earlier step
            float[] logits = Session.appendBatch(new Session[] {a, b, c},
                    new int[][] {{17}, promptB, promptC}, new int[] {0, 2, 0}, new int[] {1, 5, 6},
                    new boolean[] {true, true, false});
            assertThat(logits).hasSize(2 * vocab);
            assertThat(new int[] {a.position(), b.position(), c.position()}).containsExactly(6, 7, 6);

            Session aloneA = m.newSession(32), aloneB = m.newSession(32), aloneC = m.newSession(32);
            aloneA.append(promptA);
            float[] expectA = aloneA.append(17).clone();
            float[] expectB = aloneB.append(promptB).clone();
            aloneC.append(promptC, 0, 6, false);
            assertThat(LogitChecks.maxAbsDiff(java.util.Arrays.copyOfRange(logits, 0, vocab), expectA)).isLessThan(1e-4);
            assertThat(LogitChecks.maxAbsDiff(java.util.Arrays.copyOfRange(logits, vocab, 2 * vocab), expectB))
                    .isLessThan(1e-4);
            // C's cache holds its first six prompt tokens: the rest of its prompt gives what the whole prompt gives.
            float[] restC = c.append(promptC, 6, 4, false).clone();
            assertThat(LogitChecks.maxAbsDiff(restC, aloneC.append(promptC, 6, 4, false))).isLessThan(1e-4);
            assertThat(c.tokens()).containsExactly(promptC);
        }
    }
}
