package io.phi4j.train.run;

import io.phi4j.PhiException;
import io.phi4j.model.PhiConfig;
import io.phi4j.train.optim.LrSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Architecture specs, recipe merging, the learning-rate schedule and the FLOPs count. */
class OptionsTest {
    @Test
    void archPresetsAndOverrides() {
        PhiConfig c = Arch.parse("gpt2-small,ctx=256", 50295, 50256);
        assertThat(c.hiddenSize()).isEqualTo(768);
        assertThat(c.numLayers()).isEqualTo(12);
        assertThat(c.numHeads()).isEqualTo(12);
        assertThat(c.intermediateSize()).isEqualTo(3072);
        assertThat(c.ropeDims()).isEqualTo(32);
        assertThat(c.vocabSize()).isEqualTo(50304); // rounded up to a multiple of 64
        assertThat(c.contextLength()).isEqualTo(256);
        assertThat(c.eosTokenId()).isEqualTo(50256);
        assertThat(Arch.parse("phi-2", 50295, 50256)).isEqualTo(PhiConfig.phi2().withContextLength(2048));
        PhiConfig t = Arch.parse("tiny, hidden=64 ,heads=2,kv_heads=1,rope_dims=8,ff=100,vocab=300,theta=500", 257, 256);
        assertThat(t.numKvHeads()).isEqualTo(1);
        assertThat(t.ropeDims()).isEqualTo(8);
        assertThat(t.intermediateSize()).isEqualTo(100);
        assertThat(t.ropeTheta()).isEqualTo(500);
        assertThatThrownBy(() -> Arch.parse("huge", 10, 0)).isInstanceOf(PhiException.class).hasMessageContaining("unknown --arch preset 'huge'");
        assertThatThrownBy(() -> Arch.parse("tiny,depth=3", 10, 0)).isInstanceOf(PhiException.class).hasMessageContaining("unknown key 'depth'");
        assertThatThrownBy(() -> Arch.parse("tiny,vocab=100", 257, 256)).isInstanceOf(PhiException.class).hasMessageContaining("smaller than the dataset");
        assertThatThrownBy(() -> Arch.parse("tiny,hidden=102", 10, 0)).isInstanceOf(PhiException.class).hasMessageContaining("not a multiple of heads");
    }

    @Test
    void recipeThenCommandLineOverrides(@TempDir Path tmp) throws Exception {
        Path recipe = Files.writeString(tmp.resolve("r.json"), "{\"arch\": \"tiny\", \"steps\": 50, \"lr\": 0.001, \"eval_every\": 5}");
        TrainOptions r = TrainOptions.read(recipe);
        TrainOptions cli = TrainOptions.empty();
        cli.steps = 70;
        TrainOptions merged = new TrainOptions().overriddenBy(r.overriddenBy(cli));
        assertThat(merged.steps).isEqualTo(70);
        assertThat(merged.lr).isEqualTo(0.001);
        assertThat(merged.evalEvery).isEqualTo(5);
        assertThat(merged.batch).isEqualTo(8); // default
        assertThat(merged.minLrOrDefault()).isCloseTo(1e-4, within(1e-12));
        // saved and read back unchanged
        Path saved = Files.writeString(tmp.resolve("run.json"), merged.toJson());
        assertThat(TrainOptions.read(saved).toJson()).isEqualTo(merged.toJson());
        // a resumed run keeps its saved values where nothing new is given
        assertThat(TrainOptions.read(saved).overriddenBy(TrainOptions.empty()).toJson()).isEqualTo(merged.toJson());
    }

    @Test
    void warmupThenCosine() {
        LrSchedule s = new LrSchedule(1e-3, 1e-4, 10, 110);
        assertThat(s.at(0)).isCloseTo(1e-4, within(1e-15));
        assertThat(s.at(9)).isCloseTo(1e-3, within(1e-15));
        assertThat(s.at(10)).isCloseTo(1e-3, within(1e-15));
        assertThat(s.at(60)).isCloseTo(5.5e-4, within(1e-12));
        assertThat(s.at(110)).isCloseTo(1e-4, within(1e-15));
        assertThat(s.at(500)).isCloseTo(1e-4, within(1e-15));
    }

    @Test
    void flopsPerTokenFollowsPalm() {
        PhiConfig c = Arch.parse("gpt2-small,ctx=256", 50304, 0);
        // 12 layers x 12 h^2 + vocab x h matmul weights
        assertThat(Flops.matmulWeights(c)).isEqualTo(12L * 12 * 768 * 768 + 50304L * 768);
        assertThat(Flops.perToken(c, 256)).isEqualTo(6.0 * Flops.matmulWeights(c) + 12.0 * 12 * 768 * 256);
    }
}
