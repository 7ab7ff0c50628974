package io.phi4j.kernel;

import io.phi4j.tensor.Codecs;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every vector kernel against its scalar twin, the plain dequantize-and-dot path and a float64 reference, on
 * seeded random weights of every kernel type: rows not a multiple of the tiles or of the prefill row group,
 * columns not a multiple of the vector width or of the prefill column chunk, token counts on both sides of the
 * prefill threshold (16) and filling each register-tile width (17 -> 2 vectors, 40 -> 3, 64 -> 4 on AVX-512).
 * Tolerance: 1e-5 of the sum of |w * x| over the row. The worst-case bound of a float sum, n * 2^-24 of it,
 * passes that for long rows, but the blocked sums used here stay far below it (typically sqrt(n) * 2^-24).
 */
class MatMulKernelsTest {
    private static final GgmlType[] TYPES = {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0,
            GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K};
    private static final int[] TOKENS = {1, 2, 3, 5, 8, 13, 16, 17, 40, 64};
    private static final double REL = 1e-5;

    private static WorkerPool pool;
    private static Arena arena;

    @BeforeAll
    static void setUp() {
        pool = new WorkerPool(2);
        arena = Arena.ofShared();
    }

    @AfterAll
    static void tearDown() {
        pool.close();
        arena.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (GgmlType type : TYPES) {
            int bs = type.blockSize();
            int[] cols = bs == 1 ? new int[] {7, 37, 300, 515} : bs == 32 ? new int[] {32, 96, 352, 800}
                    : new int[] {256, 768};
            int[] rows = {1, 5, 70};
            int i = 0;
            for (int c : cols) {
                for (int r : rows) {
                    list.add(Arguments.of(type, r, c, 1000L * type.ordinal() + i++));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} [{1} x {2}] seed {3}")
    @MethodSource("cases")
    void vectorEqualsScalarPlainAndReference(GgmlType type, int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        Tensor w = randomWeights(type, rows, cols, rnd);
        float[] wf = w.toFloatArray();
        float[] bias = new float[rows];
        for (int r = 0; r < rows; r++) {
            bias[r] = (float) rnd.nextGaussian();
        }
        for (int tokens : TOKENS) {
            float[] x = new float[tokens * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            float[] vec = run(w, bias, x, tokens, Kernels.Mode.VECTOR);
            float[] sca = run(w, bias, x, tokens, Kernels.Mode.SCALAR);
            float[] plain = run(w, bias, x, tokens, Kernels.Mode.PLAIN);
            for (int t = 0; t < tokens; t++) {
                for (int r = 0; r < rows; r++) {
                    double ref = bias[r], mag = Math.abs(bias[r]);
                    for (int c = 0; c < cols; c++) {
                        ref += (double) wf[r * cols + c] * x[t * cols + c];
                        mag += Math.abs((double) wf[r * cols + c] * x[t * cols + c]);
                    }
                    double tol = REL * mag + 1e-30;
                    int o = t * rows + r;
                    String where = type + " T=" + tokens + " t=" + t + " r=" + r;
                    assertThat((double) vec[o]).as("vector " + where).isCloseTo(ref, org.assertj.core.data.Offset.offset(tol));
                    assertThat((double) sca[o]).as("scalar " + where).isCloseTo(ref, org.assertj.core.data.Offset.offset(tol));
                    assertThat((double) plain[o]).as("plain " + where).isCloseTo(ref, org.assertj.core.data.Offset.offset(tol));
                    assertThat((double) vec[o]).as("vector vs scalar " + where)
                            .isCloseTo(sca[o], org.assertj.core.data.Offset.offset(tol));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void decodeMatchesCodec(GgmlType type) {
        Random rnd = new Random(42 + type.ordinal());
        int cols = type.blockSize() == 1 ? 77 : 4 * 256;
        Tensor w = randomWeights(type, 3, cols, rnd);
        float[] expected = w.toFloatArray();
        for (Kernels.Mode mode : new Kernels.Mode[] {Kernels.Mode.VECTOR, Kernels.Mode.SCALAR}) {
            WeightKernel k = Kernels.forType(type, mode);
            float[] got = new float[3 * cols + 5];
            for (int r = 0; r < 3; r++) {
                k.decode(w.data(), r * w.rowBytes(), cols, got, 5 + r * cols);
            }
            for (int i = 0; i < 3 * cols; i++) {
                // Q4_K's vector decode fuses d*sc*q - dmin*m into one fma: one rounding instead of two.
                double tol = type == GgmlType.Q4_K ? 1e-6 * (Math.abs(expected[i]) + 1e-3) : 0;
                assertThat((double) got[5 + i]).as(mode + " " + type + " element " + i)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol));
            }
        }
    }

    static Stream<GgmlType> types() {
        return Stream.of(TYPES);
    }

    @Test
    void f16VectorDecodeIsExactForEveryHalf() {
        Tensor all = new Tensor("all", GgmlType.F16, new long[] {65536},
                arena.allocate(2L * 65536, 64));
        for (int h = 0; h < 65536; h++) {
            all.data().set(Bits.SHORT, 2L * h, (short) h);
        }
        float[] got = new float[65536];
        Kernels.forType(GgmlType.F16, Kernels.Mode.VECTOR).decode(all.data(), 0, 65536, got, 0);
        for (int h = 0; h < 65536; h++) {
            assertThat(Float.floatToRawIntBits(got[h])).as("half 0x%04x", h)
                    .isEqualTo(Float.floatToRawIntBits(Float.float16ToFloat((short) h)));
        }
    }

    @Test
    void everyKernelTypeHasBothTwins() {
        for (GgmlType type : TYPES) {
            assertThat(Kernels.forType(type, Kernels.Mode.VECTOR).type()).isEqualTo(type);
            assertThat(Kernels.forType(type, Kernels.Mode.SCALAR).type()).isEqualTo(type);
        }
        assertThat(Kernels.forType(GgmlType.Q5_K, Kernels.Mode.VECTOR)).isNull();
        assertThat(Kernels.forType(GgmlType.Q8_0, Kernels.Mode.PLAIN)).isNull();
    }

    /**
     * Below the prefill threshold each token's outputs are bit-for-bit those of the token alone (batched decoding
     * of several sessions must equal decoding each one).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void fewTokensGiveExactlyTheSingleTokenResults(GgmlType type) {
        Random rnd = new Random(99 + type.ordinal());
        int rows = 77, cols = type.blockSize() == 1 ? 300 : 512;
        Tensor w = randomWeights(type, rows, cols, rnd);
        for (int tokens = 2; tokens < MatMul.GEMM_MIN_TOKENS; tokens++) {
            float[] x = new float[tokens * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            for (Kernels.Mode mode : new Kernels.Mode[] {Kernels.Mode.VECTOR, Kernels.Mode.SCALAR}) {
                float[] all = run(w, null, x, tokens, mode);
                for (int t = 0; t < tokens; t++) {
                    float[] one = run(w, null, java.util.Arrays.copyOfRange(x, t * cols, (t + 1) * cols), 1, mode);
                    assertThat(java.util.Arrays.copyOfRange(all, t * rows, (t + 1) * rows))
                            .as(mode + ", " + tokens + " tokens, token " + t).containsExactly(one);
                }
            }
        }
    }

    static Stream<Arguments> typesAndGroups() {
        return types().flatMap(t -> {
            Stream<Arguments> plain = Stream.of(Arguments.of(t, 4, false), Arguments.of(t, 8, false));
            return Kernels.forType(t, Kernels.Mode.VECTOR).interleavesEight()
                    ? Stream.concat(plain, Stream.of(Arguments.of(t, 8, true))) : plain;
        });
    }

    /** The eight tokens at {@code xOff} in the block-interleaved layout of {@link WeightKernel#matVec8Interleaved}. */
    private static java.lang.foreign.MemorySegment interleave(java.lang.foreign.MemorySegment x, int[] xOff, int cols) {
        var xi = arena.allocate(4L * 8 * cols, 64);
        for (int b = 0; b < cols / 32; b++) {
            for (int t = 0; t < 8; t++) {
                for (int c = 0; c < 32; c++) {
                    float v = x.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, xOff[t] + b * 32L + c);
                    xi.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, (b * 8L + t) * 32 + c, v);
                }
            }
        }
        return xi;
    }

    /**
     * The four- and eight-token decode kernels of every type equal as many single-token passes bit for bit, with
     * tokens in any order in x and out (and a repeated token, as the last group of a batch has), over an even and
     * an odd number of rows.
     */
    @ParameterizedTest(name = "{0}, {1} tokens, interleaved x {2}")
    @MethodSource("typesAndGroups")
    void severalTokenKernelsEqualSingleTokenPasses(GgmlType type, int group, boolean interleaved) {
        Random rnd = new Random(1234L * group + type.ordinal());
        int rows = 13, cols = type.blockSize() == 1 ? 300 : type.blockSize() * 3, inputs = group + 1;
        Tensor w = randomWeights(type, rows, cols, rnd);
        WeightKernel kernel = Kernels.forType(type, Kernels.Mode.VECTOR);
        var x = arena.allocate(4L * inputs * cols, 64);
        for (long i = 0; i < (long) inputs * cols; i++) {
            x.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (float) rnd.nextGaussian());
        }
        int[][] orders = group == 4 ? new int[][] {{0, 1, 2, 3}, {4, 2, 0, 1}, {3, 3, 3, 3}, {1, 4, 4, 4}}
                : new int[][] {{0, 1, 2, 3, 4, 5, 6, 7}, {8, 2, 0, 1, 6, 5, 3, 4}, {7, 7, 7, 7, 7, 7, 7, 7},
                        {1, 4, 6, 8, 8, 8, 8, 8}};
        // Rows [1, 13) and [2, 13): an even and an odd count (Q4_0's eight-token kernel takes rows in pairs).
        for (int from = 1; from <= 2; from++) {
            for (int[] o : orders) {
                float[] all = new float[inputs * rows];
                java.util.Arrays.fill(all, Float.NaN);
                int[] xOff = new int[group], outOff = new int[group];
                for (int i = 0; i < group; i++) {
                    xOff[i] = o[i] * cols;
                    outOff[i] = o[i] * rows;
                }
                if (group == 4) {
                    kernel.matVec4(w.data(), w.rowBytes(), cols, x, xOff[0], xOff[1], xOff[2], xOff[3], all,
                            outOff[0], outOff[1], outOff[2], outOff[3], from, rows);
                } else if (interleaved) {
                    kernel.matVec8Interleaved(w.data(), w.rowBytes(), cols, interleave(x, xOff, cols), 0, all, outOff,
                            from, rows);
                } else {
                    kernel.matVec8(w.data(), w.rowBytes(), cols, x, xOff, all, outOff, from, rows);
                }
                for (int t : o) {
                    float[] one = new float[rows];
                    kernel.matVec(w.data(), w.rowBytes(), cols, x, t * cols, one, 0, from, rows);
                    assertThat(java.util.Arrays.copyOfRange(all, t * rows + from, (t + 1) * rows))
                            .as(java.util.Arrays.toString(o) + " token " + t + " rows from " + from)
                            .containsExactly(java.util.Arrays.copyOfRange(one, from, rows));
                    for (int r = 0; r < from; r++) {
                        assertThat(all[t * rows + r]).as("row " + r + " is outside [from, to)").isNaN();
                    }
                }
            }
        }
    }

    /**
     * A Q8_0 range of more than 4 MB takes four rows per pass (four memory streams), then two, then one: every row
     * must still be what the scalar twin computes, and bit for bit what the four-token kernel gives (batching must
     * not change results). The small shapes above never reach that loop.
     */
    @Test
    void largeQ8_0RangesTakeFourRowsPerPassWithTheSameResults() {
        Random rnd = new Random(77);
        int rows = 2051, cols = 2048;
        Tensor w = randomWeights(GgmlType.Q8_0, rows, cols, rnd);
        assertThat((long) (rows - 1) * w.rowBytes()).as("past the four-stream threshold").isGreaterThan(4L << 20);
        WeightKernel vector = Kernels.forType(GgmlType.Q8_0, Kernels.Mode.VECTOR);
        WeightKernel scalar = Kernels.forType(GgmlType.Q8_0, Kernels.Mode.SCALAR);
        var x = arena.allocate(4L * cols, 64);
        for (int i = 0; i < cols; i++) {
            x.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (float) rnd.nextGaussian());
        }
        // [0, 2051): 512 four-row passes, one two-row pass, one single row; [1, 2051): no single row.
        for (int from = 0; from <= 1; from++) {
            float[] one = new float[rows], four = new float[4 * rows], ref = new float[rows];
            java.util.Arrays.fill(one, Float.NaN);
            vector.matVec(w.data(), w.rowBytes(), cols, x, 0, one, 0, from, rows);
            vector.matVec4(w.data(), w.rowBytes(), cols, x, 0, 0, 0, 0, four, 0, rows, 2 * rows, 3 * rows, from, rows);
            scalar.matVec(w.data(), w.rowBytes(), cols, x, 0, ref, 0, from, rows);
            for (int r = from; r < rows; r++) {
                assertThat(one[r]).as("row " + r + " from " + from + " vs the four-token kernel").isEqualTo(four[r]);
                assertThat((double) one[r]).as("row " + r + " vs the scalar twin")
                        .isCloseTo(ref[r], org.assertj.core.data.Offset.offset(1e-3 + 1e-4 * Math.abs(ref[r])));
            }
            if (from == 1) {
                assertThat(one[0]).as("row 0 is outside [from, to)").isNaN();
            }
        }
    }

    @Test
    void kernelModeParsesAndRejectsUnknownNames() {
        assertThat(Kernels.parse("scalar")).isEqualTo(Kernels.Mode.SCALAR);
        assertThat(Kernels.parse(" Plain ")).isEqualTo(Kernels.Mode.PLAIN);
        assertThat(Kernels.parse("vector")).isEqualTo(Kernels.vectorAvailable() ? Kernels.Mode.VECTOR : Kernels.Mode.SCALAR);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Kernels.parse("fast"))
                .isInstanceOf(io.phi4j.PhiException.class).hasMessageContaining("phi4j.kernels=fast");
    }

    @Test
    void typesWithoutKernelTakeThePlainPath() {
        Random rnd = new Random(7);
        Tensor w = randomWeights(GgmlType.Q5_0, 9, 64, rnd);
        float[] x = new float[3 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        assertThat(run(w, null, x, 3, Kernels.Mode.VECTOR)).containsExactly(run(w, null, x, 3, Kernels.Mode.PLAIN));
    }

    private static float[] run(Tensor w, float[] bias, float[] x, int tokens, Kernels.Mode mode) {
        float[] out = new float[tokens * w.rows()];
        java.util.Arrays.fill(out, Float.NaN);
        MatMul.matmul(pool, w, bias, x, tokens, out, mode);
        return out;
    }

    static Tensor randomWeights(GgmlType type, int rows, int cols, Random rnd) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * 0.05);
        }
        if (!Codecs.isSupported(type)) {
            throw new IllegalArgumentException(type.toString());
        }
        return Tensor.encode("w", type, new long[] {rows, cols}, v, arena);
    }
}
