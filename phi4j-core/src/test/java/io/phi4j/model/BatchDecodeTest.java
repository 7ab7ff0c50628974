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
}
