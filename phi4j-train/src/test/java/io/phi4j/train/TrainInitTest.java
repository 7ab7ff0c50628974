package io.phi4j.train;

import io.phi4j.model.PhiConfig;
import io.phi4j.model.TensorNames;
import io.phi4j.model.WeightInit;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.model.TrainInit;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Fresh weights are core's WeightInit (what phi init writes) plus GPT-2's residual scaling. */
class TrainInitTest {
    @Test
    void sameStreamsAsWeightInitWithScaledResidualProjections() {
        PhiConfig c = new PhiConfig(96, 64, 256, 2, 4, 4, 8, 10000, 1e-5, 64, 0, 0);
        PhiParams p = new PhiParams(c), plain = new PhiParams(c);
        TrainInit.initialize(p, 42);
        TrainInit.initialize(plain, 42, false);
        WeightInit w = WeightInit.of(42);
        float[] q = new float[64 * 64], v = new float[64 * 64];
        w.fill(TensorNames.weight(1, TensorNames.ATTN_Q), 0, 64, 64, q);
        w.fill(TensorNames.weight(1, TensorNames.ATTN_V), 0, 64, 64, v);
        float[] qkv = p.block(1).qkvW().value();
        assertThat(Arrays.copyOfRange(qkv, 0, 64 * 64)).isEqualTo(q);
        assertThat(Arrays.copyOfRange(qkv, 2 * 64 * 64, 3 * 64 * 64)).isEqualTo(v);
        float[] emb = new float[96 * 64];
        w.fill(TensorNames.TOKEN_EMBD, 0, 96, 64, emb);
        assertThat(p.embedding().value()).isEqualTo(emb);
        float scale = (float) (1 / Math.sqrt(4.0));
        float[] down = p.block(0).downW().value(), downPlain = plain.block(0).downW().value();
        for (int i = 0; i < down.length; i++) {
            assertThat(down[i]).isEqualTo(downPlain[i] * scale);
        }
        assertThat(p.block(0).normW().value()).containsOnly(1f);
        assertThat(p.block(0).qkvB().value()).containsOnly(0f);
        double s = 0;
        for (float x : p.outputW().value()) {
            s += (double) x * x;
        }
        assertThat(Math.sqrt(s / p.outputW().size())).isCloseTo(0.02, within(0.002));
    }
}
