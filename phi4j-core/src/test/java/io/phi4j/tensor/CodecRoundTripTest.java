package io.phi4j.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * quantize -> dequantize on seeded Gaussian data (the distribution of trained weights) stays within error bounds
 * that follow from each format: the worst element error relative to its block's largest magnitude, and the RMS
 * error relative to the data's RMS. The bounds are a little above what the formats achieve, and well below the
 * next coarser format's error, so a broken rounding or level mapping fails.
 */
class CodecRoundTripTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // type, max |error| / block max |x|, RMS error / RMS x
            "F32,  0,       0",
            "F16,  0.0005,  0.00025",  // half an ulp: 2^-11 of the value
            "BF16, 0.004,   0.002",    // 2^-8
            "Q8_0, 0.0045,  0.006",    // half a step of max/127, plus the fp16 rounding of d
            "Q8_K, 0.004,   0.008",    // d is float32 here: exactly half of max/127
            "Q6_K, 0.02,    0.021",
            "Q5_0, 0.065,   0.05",     // d = max/-16: the opposite extreme clamps from +16 to +15, one full step
            "Q5_1, 0.035,   0.045",    // half a step of (max - min)/31 <= 2 max/31
            "Q5_K, 0.045,   0.042",
            "Q4_0, 0.13,    0.1",      // d = max/-8: one full step at the opposite extreme
            "Q4_1, 0.07,    0.09",     // half a step of (max - min)/15
            "Q4_K, 0.08,    0.085",
    })
    void roundTripErrorIsBounded(String typeName, double maxRelToBlockMax, double rmsRel) {
        GgmlType type = GgmlType.parse(typeName);
        int block = Math.max(type.blockSize(), 32);
        int n = 256 * 64;
        Random rnd = new Random(42 + type.id());
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * 0.05);
        }
        BlockCodec codec = Codecs.of(type);
        MemorySegment seg = MemorySegment.ofArray(new byte[(int) type.byteSize(n)]);
        codec.quantize(x, 0, seg, 0, n);
        float[] y = new float[n];
        codec.dequantize(seg, 0, y, 0, n);

        double sumErr2 = 0;
        double sumX2 = 0;
        double worst = 0;
        for (int b = 0; b < n; b += block) {
            double blockMax = 0;
            for (int i = b; i < b + block; i++) {
                blockMax = Math.max(blockMax, Math.abs(x[i]));
            }
            for (int i = b; i < b + block; i++) {
                double err = Math.abs(y[i] - x[i]);
                worst = Math.max(worst, err / blockMax);
                sumErr2 += err * err;
                sumX2 += (double) x[i] * x[i];
            }
        }
        double rms = Math.sqrt(sumErr2 / sumX2);
        assertThat(worst).as("worst error / block max").isLessThanOrEqualTo(maxRelToBlockMax);
        assertThat(rms).as("rms error / rms").isLessThanOrEqualTo(rmsRel);

        // Offsets into both arrays are honoured and the dot product matches the decoded values.
        float[] shifted = new float[n + 7];
        System.arraycopy(x, 0, shifted, 7, n);
        MemorySegment seg2 = MemorySegment.ofArray(new byte[(int) type.byteSize(n) + 3]);
        codec.quantize(shifted, 7, seg2, 3, n);
        assertThat(seg2.asSlice(3).mismatch(seg)).isEqualTo(-1L);
        double expectedDot = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            expectedDot += (double) y[i] * x[i];
            magnitude += Math.abs((double) y[i] * x[i]);
        }
        assertThat((double) codec.dot(seg2, 3, shifted, 7, n)).isCloseTo(expectedDot, within(1e-5 * magnitude));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K", "Q8_K"})
    void zeroBlocksStayZero(String typeName) {
        GgmlType type = GgmlType.parse(typeName);
        int n = type.blockSize() * 2;
        float[] x = new float[n];
        MemorySegment seg = MemorySegment.ofArray(new byte[(int) type.byteSize(n)]);
        Codecs.of(type).quantize(x, 0, seg, 0, n);
        float[] y = new float[n];
        Codecs.of(type).dequantize(seg, 0, y, 0, n);
        for (float v : y) {
            assertThat(v == 0f).as("%s decodes zeros to +-0, got %s", typeName, v).isTrue();
        }
    }
}
