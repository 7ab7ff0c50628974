package io.phi4j.kernel;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The prefill (many-token) matmul, compute-bound, so the aim is to keep the fma units busy: weights are decoded
 * once into a float panel of {@link #ROW_GROUP} rows by {@link #K_CHUNK} columns (fits in L1/L2), the input is
 * transposed once per call ({@link #transpose}) so that tokens are vector lanes, and a register tile
 * ({@link GemmTile}) multiplies 4 panel rows with up to 64 tokens as outer products. Each decoded weight is
 * reused across all tokens; each loaded x vector across 4 rows. Partial sums per (row, token) live in a
 * per-thread buffer until the row group is done.
 */
final class Gemm {
    static final int ROW_GROUP = 64;
    /** A multiple of every block size (256 covers the K-quants). */
    static final int K_CHUNK = 256;

    private static final ThreadLocal<Gemm> SCRATCH = ThreadLocal.withInitial(Gemm::new);

    private float[] panel = new float[ROW_GROUP * K_CHUNK];
    private float[] part = new float[0];

    private Gemm() {
    }

    /** Token count padded to the tile's token step: the row length of {@code xT}. */
    static int paddedTokens(GemmTile tile, int tokens) {
        int step = tile.tokenStep();
        return (tokens + step - 1) / step * step;
    }

    /**
     * Columns {@code [kFrom, kTo)} of {@code x [tokens, cols]} into {@code xT [cols, tPad]}, zero beyond
     * {@code tokens}. Tiled by 16x16 so both sides stay in cache.
     */
    static void transpose(float[] x, int tokens, int cols, float[] xT, int tPad, int kFrom, int kTo) {
        for (int k0 = kFrom; k0 < kTo; k0 += 16) {
            int k1 = Math.min(kTo, k0 + 16);
            for (int t0 = 0; t0 < tokens; t0 += 16) {
                int t1 = Math.min(tokens, t0 + 16);
                for (int k = k0; k < k1; k++) {
                    for (int t = t0; t < t1; t++) {
                        xT[k * tPad + t] = x[t * cols + k];
                    }
                }
            }
            if (tPad > tokens) {
                for (int k = k0; k < k1; k++) {
                    Arrays.fill(xT, k * tPad + tokens, (k + 1) * tPad, 0f);
                }
            }
        }
    }

    /**
     * {@code out[t*rows + r] = W[r] . x[t] + bias[r]} for rows {@code [from, to)} and all tokens, from the
     * transposed input {@code xT}.
     */
    static void multiply(WeightKernel kernel, GemmTile tile, MemorySegment w, long rowBytes, int cols,
                         float[] xT, int tokens, int tPad, float[] bias, float[] out, int rows, int from, int to) {
        SCRATCH.get().run(kernel, tile, w, rowBytes, cols, xT, tokens, tPad, bias, out, rows, from, to);
    }

    private void run(WeightKernel kernel, GemmTile tile, MemorySegment w, long rowBytes, int cols, float[] xT,
                     int tokens, int tPad, float[] bias, float[] out, int rows, int from, int to) {
        int blockSize = kernel.type().blockSize();
        long blockBytes = kernel.type().blockBytes();
        if (part.length < ROW_GROUP * tPad) {
            part = new float[ROW_GROUP * tPad];
        }
        int maxTokens = tile.maxTokens();
        for (int rg = from; rg < to; rg += ROW_GROUP) {
            int n = Math.min(ROW_GROUP, to - rg);
            int nPad = (n + GemmTile.ROWS - 1) / GemmTile.ROWS * GemmTile.ROWS;
            Arrays.fill(part, 0, nPad * tPad, 0f);
            for (int kc = 0; kc < cols; kc += K_CHUNK) {
                int kn = Math.min(K_CHUNK, cols - kc);
                long colBytes = (long) (kc / blockSize) * blockBytes;
                for (int i = 0; i < n; i++) {
                    kernel.decode(w, (rg + i) * rowBytes + colBytes, kn, panel, i * kn);
                }
                Arrays.fill(panel, n * kn, nPad * kn, 0f);
                for (int t0 = 0; t0 < tPad; t0 += maxTokens) {
                    int tn = Math.min(maxTokens, tPad - t0);
                    for (int i = 0; i < nPad; i += GemmTile.ROWS) {
                        tile.multiply(panel, i * kn, kn, xT, kc * tPad + t0, tPad, tn, part, i * tPad + t0, tPad);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                float b = bias == null ? 0f : bias[rg + i];
                for (int t = 0; t < tokens; t++) {
                    out[t * rows + rg + i] = part[i * tPad + t] + b;
                }
            }
        }
    }
}
