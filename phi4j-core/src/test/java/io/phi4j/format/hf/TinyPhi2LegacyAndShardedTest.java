package io.phi4j.format.hf;

import io.phi4j.Model;
import io.phi4j.model.TensorNames;
import io.phi4j.tensor.Tensor;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tiny Phi-2 of ../shared rewritten in the legacy phi-msft layout and as shards gives identical logits. */
@Tag("shared")
class TinyPhi2LegacyAndShardedTest {
    private static final int[] TOKENS = {4299, 12900, 7, 77, 2599, 198, 50284, 7783, 299, 611, 299, 1279, 362};

    private static float[] logits(Path model) {
        try (Model m = Model.load(model)) {
            return m.newSession(TOKENS.length).append(TOKENS, 0, TOKENS.length, true);
        }
    }

    @Test
    void legacyLayoutWithFusedQkvGivesIdenticalLogits(@TempDir Path dir) throws IOException {
        Path original = Fixtures.shared("fixtures/tiny-phi2/hf");
        Map<String, Tensor> fused = new LinkedHashMap<>();
        int layers;
        try (Model m = Model.load(original)) {
            layers = m.config().numLayers();
            for (Tensor t : m.weights().tensors().values()) {
                fused.put(t.name(), Tensor.ofFloats(t.name(), t.shape(), t.toFloatArray()));
            }
            for (int l = 0; l < layers; l++) {
                for (String suffix : new String[] {"weight", "bias"}) {
                    Tensor q = fused.remove(TensorNames.layer(l, TensorNames.ATTN_Q, suffix));
                    Tensor k = fused.remove(TensorNames.layer(l, TensorNames.ATTN_K, suffix));
                    Tensor v = fused.remove(TensorNames.layer(l, TensorNames.ATTN_V, suffix));
                    float[] all = concat(q.toFloatArray(), k.toFloatArray(), v.toFloatArray());
                    long[] shape = q.rank() == 1 ? new long[] {all.length} : new long[] {all.length / q.cols(), q.cols()};
                    String name = TensorNames.layer(l, TensorNames.ATTN_QKV, suffix);
                    fused.put(name, Tensor.ofFloats(name, shape, all));
                }
            }
            TinyCheckpoints.writeLegacy(dir, HfLayout.PHI_MSFT, m.config(), fused);
        }
        float[] expected = logits(original);
        float[] legacy = logits(dir);
        // Identical tensors (checked by the round-trip tests); logits agree up to float summation order.
        assertThat(io.phi4j.testing.LogitChecks.maxAbsDiff(expected, legacy)).as("legacy logits").isLessThan(1e-5);
    }

    @Test
    void shardedCopyGivesIdenticalLogits(@TempDir Path dir) {
        Path original = Fixtures.shared("fixtures/tiny-phi2/hf");
        try (Model m = Model.load(original)) {
            // ~1 MB shards: the 13 MB embedding and output matrices each get their own shard, the rest share.
            HfCheckpointWriter.write(dir, m.config(), m.weights().tensors(), io.phi4j.tensor.GgmlType.F32, 1 << 20);
        }
        assertThat(dir.resolve("model.safetensors.index.json")).exists();
        assertThat(io.phi4j.testing.LogitChecks.maxAbsDiff(logits(original), logits(dir))).as("sharded logits").isLessThan(1e-5);
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
