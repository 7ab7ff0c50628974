package io.phi4j.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Bit-exactness against llama.cpp: the vectors in src/test/resources/reference/quants were made by
 * make_quant_vectors.py from ggml's reference quantizers (quantize_row_*_ref) and dequantizers.
 */
class QuantVectorsTest {

    record Vectors(float[] input, byte[] blocks, float[] output) {
    }

    static Vectors load(String type) throws IOException {
        try (InputStream in = QuantVectorsTest.class.getResourceAsStream("/reference/quants/" + type + ".bin")) {
            assertThat(in).as("vector file for " + type).isNotNull();
            ByteBuffer buf = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[4];
            buf.get(magic);
            assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("PQV1");
            byte[] name = new byte[16];
            buf.get(name);
            assertThat(new String(name, StandardCharsets.US_ASCII).replace("\0", "")).isEqualTo(type);
            int n = buf.getInt();
            int nbytes = buf.getInt();
            float[] input = new float[n];
            buf.asFloatBuffer().get(input);
            buf.position(buf.position() + 4 * n);
            byte[] blocks = new byte[nbytes];
            buf.get(blocks);
            float[] output = new float[n];
            buf.asFloatBuffer().get(output);
            buf.position(buf.position() + 4 * n);
            assertThat(buf.remaining()).isZero();
            return new Vectors(input, blocks, output);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K", "Q8_K"})
    void quantizeMatchesLlamaCppBitForBit(String typeName) throws IOException {
        GgmlType type = GgmlType.parse(typeName);
        Vectors v = load(typeName);
        assertThat((long) v.blocks().length).isEqualTo(type.byteSize(v.input().length));
        byte[] ours = new byte[v.blocks().length];
        Codecs.of(type).quantize(v.input(), 0, MemorySegment.ofArray(ours), 0, v.input().length);
        int blockBytes = type.blockBytes();
        for (int i = 0; i < ours.length; i++) {
            if (ours[i] != v.blocks()[i]) {
                int block = i / blockBytes;
                fail("%s: first difference at byte %d (block %d, byte %d in block): ours 0x%02x, llama.cpp 0x%02x",
                        typeName, i, block, i % blockBytes, ours[i] & 0xFF, v.blocks()[i] & 0xFF);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K", "Q8_K"})
    void dequantizeMatchesLlamaCppBitForBit(String typeName) throws IOException {
        GgmlType type = GgmlType.parse(typeName);
        Vectors v = load(typeName);
        // Offset the destination and the source to check that both offsets are honoured.
        float[] ours = new float[v.output().length + 3];
        byte[] shifted = new byte[v.blocks().length + 5];
        System.arraycopy(v.blocks(), 0, shifted, 5, v.blocks().length);
        Codecs.of(type).dequantize(MemorySegment.ofArray(shifted), 5, ours, 3, v.output().length);
        for (int i = 0; i < v.output().length; i++) {
            int expected = Float.floatToRawIntBits(v.output()[i]);
            int actual = Float.floatToRawIntBits(ours[i + 3]);
            if (expected != actual) {
                fail("%s: element %d: ours %s (0x%08x), llama.cpp %s (0x%08x)", typeName, i, ours[i + 3], actual,
                        v.output()[i], expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K", "Q8_K"})
    void dotAgreesWithDequantizedDot(String typeName) throws IOException {
        GgmlType type = GgmlType.parse(typeName);
        Vectors v = load(typeName);
        int n = v.output().length;
        float[] x = new float[n + 1];
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        double expected = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            float o = v.output()[i];
            if (!Float.isFinite(o)) {
                continue;
            }
            expected += (double) o * x[i + 1];
            magnitude += Math.abs((double) o * x[i + 1]);
        }
        if (type == GgmlType.F16 || type == GgmlType.BF16) {
            return; // their vectors hold inf/NaN on purpose; the dot of those is covered in CodecRoundTripTest
        }
        float dot = Codecs.of(type).dot(MemorySegment.ofArray(v.blocks()), 0, x, 1, n);
        assertThat((double) dot).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5 * magnitude + 1e-6));
    }
}
