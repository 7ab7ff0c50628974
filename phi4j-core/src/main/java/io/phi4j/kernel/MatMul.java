package io.phi4j.kernel;

import io.phi4j.tensor.BlockCodec;
import io.phi4j.tensor.Codecs;
import io.phi4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code out[t, r] = sum_c W[r, c] * x[t, c] (+ bias[r])} for a weight {@code W [rows, cols]} of any type and
 * {@code T} input rows ({@code x [T, cols]}, {@code out [T, rows]}, row-major).
 *
 * <p>Three paths, chosen per call:
 * <ul>
 *   <li>decode (few tokens): the type's {@link WeightKernel#matVec}, a fused dequantise-and-dot that streams
 *       each weight once; with a few tokens (fewer than {@link #GEMM_MIN_TOKENS}), {@link WeightKernel#matVec8}
 *       and {@link WeightKernel#matVec4} take eight or four tokens per pass (the quantized kernels decode each
 *       block once for all of them; a kernel with {@link WeightKernel#matVec8Interleaved} gets the eight tokens'
 *       x block-interleaved, copied once per call) over row chunks
 *       small enough to stay in cache while every group passes over them; every token's outputs are bit for
 *       bit those of the token alone;</li>
 *   <li>prefill (more tokens): {@link Gemm}, decoded weight panels times transposed
 *       inputs in a register tile;</li>
 *   <li>plain, for types without a kernel (or {@code -Dphi4j.kernels=plain}): each row dequantized with its
 *       codec, then dotted with every token.</li>
 * </ul>
 * Rows are split over the pool's threads. Nothing is allocated per call once the per-thread scratch has grown
 * to the largest shapes seen.
 *
 * <p>The one-token kernels that read weights straight from memory (F32, F16, BF16, Q8_0) take two rows per pass
 * sharing the x loads, and the two are {@code r} and {@code r + half} of the thread's range rather than neighbours:
 * two sequential streams far apart, which the hardware prefetchers follow in parallel. With neighbouring rows a
 * thread streamed Q8_0 from memory at half its in-cache rate (JMH, 10240 × 2560, one thread: 215 against 464
 * matmuls/s); far-apart rows took it from 370–386 to 484–507 matmuls/s on 2 threads, and Q8_0's four streams
 * (rows {@code r}, {@code r + q}, {@code r + 2q}, {@code r + 3q}, for ranges over 4 MB) another 1.15–1.3×.
 * Touching the rows a few ahead with scalar loads instead (software prefetch) was slower. Each row's sum is
 * computed as before: the same bits.</p>
 */
public final class MatMul {
    /**
     * From this many tokens on, the tiled path wins. Below it the decode kernels take 8 tokens per pass over the
     * weights: each weight is decoded once and costs one fma per token (weights are vector lanes), where the tile
     * costs a broadcast and an fma per weight for up to 16 tokens (tokens are lanes) plus storing the decoded
     * panel. {@code -Dphi4j.gemmMinTokens} overrides it, for measuring.
     */
    static final int GEMM_MIN_TOKENS = Integer.getInteger("phi4j.gemmMinTokens", 16);
    /**
     * The most tokens one decode pass takes: 8 ({@link WeightKernel#matVec8}), 4 ({@link WeightKernel#matVec4}) or 1
     * ({@link WeightKernel#matVec}). {@code -Dphi4j.decodeGroup} lowers it, to measure a several-token kernel
     * against the passes it replaces in the same JMH run (phi4j-bench's {@code decodeGroup} parameter).
     */
    static final int DECODE_GROUP = Integer.getInteger("phi4j.decodeGroup", 8);
    /** Rows per chunk in the few-token decode path: 32 rows of 10240 Q8_0 columns are 350 KB (in L2). */
    private static final int DECODE_ROW_CHUNK = 32;

    private static final ThreadLocal<Call> CALLS = ThreadLocal.withInitial(Call::new);

    private MatMul() {
    }

    public static void matmul(WorkerPool pool, Tensor w, float[] bias, float[] x, int tokens, float[] out) {
        matmul(pool, w, bias, x, tokens, out, Kernels.defaultMode());
    }

    /** As {@link #matmul(WorkerPool, Tensor, float[], float[], int, float[])} with the given kernel family. */
    public static void matmul(WorkerPool pool, Tensor w, float[] bias, float[] x, int tokens, float[] out,
                              Kernels.Mode mode) {
        int rows = w.rows(), cols = w.cols();
        if (x.length < (long) tokens * cols || out.length < (long) tokens * rows) {
            throw new IllegalArgumentException("matmul " + w + ": x has " + x.length + " floats, out "
                    + out.length + ", for " + tokens + " tokens");
        }
        if (bias != null && bias.length < rows) {
            throw new IllegalArgumentException("matmul " + w + ": bias has " + bias.length + " floats");
        }
        WeightKernel kernel = Kernels.forType(w.type(), mode);
        Call call = CALLS.get();
        call.set(w, bias, x, tokens, out, kernel);
        try {
            if (kernel == null) {
                call.phase = Phase.PLAIN;
                pool.parallelFor(rows, call);
            } else if (tokens < GEMM_MIN_TOKENS) {
                call.alignInput(x, tokens * cols);
                if (tokens >= 5 && DECODE_GROUP >= 8 && kernel.interleavesEight() && cols % 32 == 0) {
                    call.interleaveInput(x);
                }
                call.phase = Phase.DECODE;
                pool.parallelFor(rows, call);
            } else {
                call.tile = Kernels.tile(mode);
                call.xT = mode == Kernels.Mode.VECTOR ? call.vectorInput() : call.scalarInput();
                call.xT.ensure(tokens, cols);
                call.phase = Phase.TRANSPOSE;
                pool.parallelFor(cols, call);
                call.phase = Phase.GEMM;
                pool.parallelFor(rows, call);
            }
        } finally {
            call.clear();
        }
    }

    private enum Phase { PLAIN, DECODE, TRANSPOSE, GEMM }

    /** One matmul's arguments, reused by the calling thread so a call allocates nothing. */
    private static final class Call implements WorkerPool.RangeTask {
        Phase phase;
        Tensor w;
        float[] bias, x, out;
        int tokens, rows, cols;
        WeightKernel kernel;
        GemmTile tile;
        TransposedInput xT, vectorInput, scalarInput;
        /** x copied to 64-byte aligned native memory for the decode kernels (see WeightKernel#matVec). */
        MemorySegment xAligned = MemorySegment.NULL;
        /** Byte offset in {@link #xAligned} of the tokens block-interleaved in eights, or -1 when there are none. */
        long interleaved = -1;

        void alignInput(float[] x, int n) {
            if (xAligned.byteSize() < 4L * n) {
                xAligned = Arena.ofAuto().allocate(4L * n, 64); // freed by the GC once outgrown
            }
            MemorySegment.copy(x, 0, xAligned, ValueLayout.JAVA_FLOAT, 0, n);
        }

        /**
         * Appends to {@link #xAligned} the tokens in groups of eight (the last group repeating the last token),
         * each group block-interleaved for {@link WeightKernel#matVec8Interleaved}.
         */
        void interleaveInput(float[] x) {
            int plain = tokens * cols;
            int groups = (tokens + 7) / 8;
            long need = 4L * plain + 4L * groups * 8 * cols;
            if (xAligned.byteSize() < need) {
                MemorySegment grown = Arena.ofAuto().allocate(need, 64);
                MemorySegment.copy(xAligned, 0, grown, 0, 4L * plain);
                xAligned = grown;
            }
            interleaved = 4L * plain;
            long at = interleaved;
            for (int g = 0; g < groups; g++) {
                for (int b = 0; b < cols / 32; b++) {
                    for (int i = 0; i < 8; i++) {
                        int t = Math.min(g * 8 + i, tokens - 1);
                        MemorySegment.copy(x, t * cols + b * 32, xAligned, ValueLayout.JAVA_FLOAT, at, 32);
                        at += 128;
                    }
                }
            }
        }

        TransposedInput vectorInput() {
            if (vectorInput == null) {
                vectorInput = new TransposedInput(Kernels.tile(Kernels.Mode.VECTOR));
            }
            return vectorInput;
        }

        TransposedInput scalarInput() {
            if (scalarInput == null) {
                scalarInput = new TransposedInput(Kernels.tile(Kernels.Mode.SCALAR));
            }
            return scalarInput;
        }

        void set(Tensor w, float[] bias, float[] x, int tokens, float[] out, WeightKernel kernel) {
            this.w = w;
            this.bias = bias;
            this.x = x;
            this.tokens = tokens;
            this.out = out;
            this.kernel = kernel;
            this.rows = w.rows();
            this.cols = w.cols();
        }

        void clear() {
            w = null;
            bias = x = out = null;
            kernel = null;
            xT = null;
            interleaved = -1;
        }

        @Override
        public void run(int from, int to) {
            switch (phase) {
                case PLAIN -> plain(from, to);
                case DECODE -> decode(from, to);
                case TRANSPOSE -> xT.fill(x, tokens, cols, from, to);
                case GEMM -> Gemm.multiply(kernel, tile, w.data(), w.rowBytes(), cols, xT, tokens, bias, out,
                        rows, from, to);
            }
        }

        private void decode(int from, int to) {
            MemorySegment data = w.data();
            long rowBytes = w.rowBytes();
            if (tokens == 1) {
                kernel.matVec(data, rowBytes, cols, xAligned, 0, out, 0, from, to);
            } else {
                // Eight, four or one token per pass (a group repeats its last token to fill its kernel), each row
                // chunk staying in cache while every group passes over it.
                int[] xo = GROUP_X.get(), oo = GROUP_OUT.get();
                for (int c0 = from; c0 < to; c0 += DECODE_ROW_CHUNK) {
                    int c1 = Math.min(to, c0 + DECODE_ROW_CHUNK);
                    for (int t = 0; t < tokens; ) {
                        int n = tokens - t;
                        if (n >= 5 && DECODE_GROUP >= 8) {
                            for (int i = 0; i < 8; i++) {
                                int ti = Math.min(t + i, tokens - 1);
                                xo[i] = ti * cols;
                                oo[i] = ti * rows;
                            }
                            if (interleaved >= 0) {
                                kernel.matVec8Interleaved(data, rowBytes, cols, xAligned,
                                        interleaved + 4L * (t / 8) * 8 * cols, out, oo, c0, c1);
                            } else {
                                kernel.matVec8(data, rowBytes, cols, xAligned, xo, out, oo, c0, c1);
                            }
                            t += Math.min(8, n);
                        } else if (n >= 2 && DECODE_GROUP >= 4) {
                            int last = tokens - 1;
                            int t1 = Math.min(t + 1, last), t2 = Math.min(t + 2, last), t3 = Math.min(t + 3, last);
                            kernel.matVec4(data, rowBytes, cols, xAligned, t * cols, t1 * cols, t2 * cols,
                                    t3 * cols, out, t * rows, t1 * rows, t2 * rows, t3 * rows, c0, c1);
                            t += Math.min(4, n);
                        } else {
                            kernel.matVec(data, rowBytes, cols, xAligned, t * cols, out, t * rows, c0, c1);
                            t++;
                        }
                    }
                }
            }
            addBias(from, to);
        }

        private void plain(int from, int to) {
            BlockCodec codec = Codecs.of(w.type());
            long rowBytes = w.rowBytes();
            float[] row = PLAIN_ROW.get();
            if (row.length < cols) {
                row = new float[cols];
                PLAIN_ROW.set(row);
            }
            for (int r = from; r < to; r++) {
                codec.dequantize(w.data(), r * rowBytes, row, 0, cols);
                for (int t = 0; t < tokens; t++) {
                    out[t * rows + r] = dot(row, x, t * cols, cols);
                }
            }
            addBias(from, to);
        }

        private void addBias(int from, int to) {
            if (bias == null) {
                return;
            }
            for (int t = 0; t < tokens; t++) {
                for (int r = from; r < to; r++) {
                    out[t * rows + r] += bias[r];
                }
            }
        }
    }

    /** Per-worker offsets of an eight-token group (no allocation per call). */
    private static final ThreadLocal<int[]> GROUP_X = ThreadLocal.withInitial(() -> new int[8]);
    private static final ThreadLocal<int[]> GROUP_OUT = ThreadLocal.withInitial(() -> new int[8]);

    private static final ThreadLocal<float[]> PLAIN_ROW = ThreadLocal.withInitial(() -> new float[0]);

    static float dot(float[] a, float[] b, int bOffset, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[i] * b[bOffset + i];
        }
        return sum;
    }
}
