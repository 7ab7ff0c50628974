package io.phi4j.model;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvCacheTest {
    /**
     * The cache holds 64 positions at first and doubles as tokens arrive; a session whose cache grew while it ran
     * gives the logits of one whose cache was full-size from the start. (Up to float rounding, not bit for bit:
     * the Vector API's lane-wise EXP in attention gives other low bits once C2 has compiled it than before, and
     * the two sessions run alternately while the JIT warms up. A cache that lost or misplaced a position on
     * growing would be off by far more.)
     */
    @Test
    void growsWithTheTokensAndGrowingChangesNothing() {
        try (Model m = Model.load(Fixtures.resource("reference/small-phi2/small-phi2-Q4_K.gguf"))) {
            int ctx = Math.min(m.config().contextLength(), 600);
            assertThat(ctx).as("the fixture's context must be long enough to grow twice").isGreaterThan(520);
            Session growing = m.newSession(ctx);
            Session full = m.newSession(ctx);
            full.cache().ensure(ctx);
            assertThat(growing.cache().allocatedPositions()).as("nothing before the first pass").isZero();
            assertThat(full.cache().allocatedPositions()).isEqualTo(ctx);

            Random rnd = new Random(7);
            int[] prompt = rnd.ints(250, 0, m.config().vocabSize()).toArray();
            assertClose(growing.append(new int[] {1}), full.append(new int[] {1}), "first token");
            assertThat(growing.cache().allocatedPositions()).isEqualTo(KvCache.FIRST_POSITIONS);
            assertClose(growing.append(prompt), full.append(prompt), "prompt");
            assertThat(growing.cache().allocatedPositions()).as("room for the whole prompt at once").isEqualTo(251);
            int expected = 251;
            for (int i = 0; i < 270; i++) {
                int token = rnd.nextInt(m.config().vocabSize());
                assertClose(growing.append(token), full.append(token), "token " + (251 + i));
                if (growing.position() > expected) {
                    expected = Math.min(ctx, 2 * expected); // 502, then the whole context
                }
                assertThat(growing.cache().allocatedPositions()).isEqualTo(expected);
            }
            assertThat(expected).isEqualTo(ctx);
        }
    }

    private static void assertClose(float[] got, float[] want, String what) {
        assertThat(got).as(what).hasSameSizeAs(want);
        assertThat(io.phi4j.testing.LogitChecks.maxAbsDiff(got, want)).as(what).isLessThan(1e-4);
    }

    /** A prefix copied from another cache makes room for itself first. */
    @Test
    void copyingAPrefixGrowsTheTarget() {
        try (Model m = Model.load(Fixtures.resource("reference/small-phi2/small-phi2-Q4_K.gguf"))) {
            int ctx = Math.min(m.config().contextLength(), 600);
            Session source = m.newSession(ctx);
            int[] prompt = new Random(3).ints(300, 0, m.config().vocabSize()).toArray();
            float[] logits = source.append(prompt).clone();
            KvCache target = new KvCache(m.config(), ctx);
            target.copyPrefixFrom(source.cache(), 300);
            assertThat(target.allocatedPositions()).isEqualTo(300); // exactly what the prefix needs
            for (int l = 0; l < m.config().numLayers(); l++) {
                assertThat(java.util.Arrays.copyOf(target.keys[l], 300 * target.kvDim()))
                        .containsExactly(java.util.Arrays.copyOf(source.cache().keys[l], 300 * target.kvDim()));
            }
            assertThat(logits).isNotEmpty();
            assertThatThrownBy(() -> target.ensure(ctx + 1)).isInstanceOf(PhiException.class)
                    .hasMessageContaining("context full");
        }
    }
}
