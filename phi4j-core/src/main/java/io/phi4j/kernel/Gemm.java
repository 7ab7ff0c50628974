package io.phi4j.kernel;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The prefill (many-token) matmul, compute-bound, so the aim is to keep the fma units busy: weights are decoded
 * once into a float panel of {@link #ROW_GROUP} rows by {@link #K_CHUNK} columns (fits in L1/L2), the input is
 * transposed once per call ({@link TransposedInput}) so that tokens are vector lanes, and a register tile
 * ({@link GemmTile}) multiplies 6 panel rows with up to 64 tokens as outer products. Each decoded weight is
 * reused across all tokens; each loaded x vector across 6 rows. Partial sums per (row, token) live in a
 * per-thread buffer until the row group is done.
 */
final class Gemm {
    /** Rows decoded per panel: a multiple of the tile's 6; 48 x 256 floats is 48 KB. */
    static final int ROW_GROUP = Math.max(GemmTile.ROWS,
            Integer.getInteger("phi4j.rowGroup", 48) / GemmTile.ROWS * GemmTile.ROWS);
    /**
     * A multiple of every block size (256 covers the K-quants). {@code -Dphi4j.kChunk} and
     * {@code -Dphi4j.rowGroup} override these two, for measuring (rounded to multiples of 256 and of 6); 512 and
     * 1024 columns, 24 rows, measured the same within noise on a shared 2-core machine.
     */
    static final int K_CHUNK = Math.max(256, Integer.getInteger("phi4j.kChunk", 256) / 256 * 256);

    private static final ThreadLocal<Gemm> SCRATCH = ThreadLocal.withInitial(Gemm::new);

    private float[] panel = new float[ROW_GROUP * K_CHUNK];
    private float[] part = new float[0];

    private Gemm() {
    }

    /**
     * {@code out[t*rows + r] = W[r] . x[t] + bias[r]} for rows {@code [from, to)} and all tokens, from the
     * transposed input {@code xT}.
     */
    static void multiply(WeightKernel kernel, GemmTile tile, MemorySegment w, long rowBytes, int cols,
                         TransposedInput xT, int tokens, float[] bias, float[] out, int rows, int from, int to) {
        SCRATCH.get().run(kernel, tile, w, rowBytes, cols, xT, tokens, bias, out, rows, from, to);
    }

    private void run(WeightKernel kernel, GemmTile tile, MemorySegment w, long rowBytes, int cols, TransposedInput xT,
                     int tokens, float[] bias, float[] out, int rows, int from, int to) {
        int blockSize = kernel.type().blockSize();
        long blockBytes = kernel.type().blockBytes();
        int gw = tile.groupWidth(), step = tile.step();
        int groups = (tokens + gw - 1) / gw;
        int tPad = groups * gw;
        if (part.length < ROW_GROUP * tPad) {
            part = new float[ROW_GROUP * tPad];
        }
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
                for (int g = 0; g < groups; g++) {
                    int live = Math.min(gw, tokens - g * gw);
                    int tn = (live + step - 1) / step * step;
                    MemorySegment xg = xT.group(g);
                    for (int i = 0; i < nPad; i += GemmTile.ROWS) {
                        tile.multiply(panel, i * kn, kn, xg, kc, tn, part, i * tPad + g * gw, tPad);
                    }
                }
            }
            // Token-major, so each token's n outputs are one contiguous run (column-major writes here touch a
            // new page per write and were measured at 10% of the whole matmul).
            for (int t = 0; t < tokens; t++) {
                int o = t * rows + rg;
                for (int i = 0; i < n; i++) {
                    out[o + i] = part[i * tPad + t] + (bias == null ? 0f : bias[rg + i]);
                }
            }
        }
    }
}
