package io.phi4j.train.kernel;

import io.phi4j.kernel.WorkerPool;

import java.util.Arrays;

/**
 * Single-precision GEMM on heap arrays, {@code C (+)= A · B}, blocked as in GotoBLAS / BLIS: a {@code KC x NC}
 * block of B is packed into contiguous micro-panels, and an {@code MC x KC} block of A is read in place when A
 * is row-major or packed row-major otherwise (which absorbs any strides, so transposed operands cost little
 * extra); a register-tiled {@link MicroKernel} sweeps them. A is not packed into BLIS's column-major
 * micro-panels: that transposing copy was a fifth of a training step (JFR), and six row streams of {@code kc}
 * floats stay in L1 as well as one panel does.
 *
 * <p>Deterministic: every element of C is summed over {@code k} in the same order (KC chunks ascending, fma
 * chain within a chunk) however the work is split between threads, so results do not depend on the thread
 * count. That is what lets a resumed training run reproduce an uninterrupted one bit for bit.
 */
public final class Sgemm {
    static final int KC = 256;
    static final int MC = 120;
    static final int NC = 1024;

    private static final MicroKernel VECTOR_KERNEL = VectorMicroKernel.L >= 8 ? new VectorMicroKernel() : null;

    /** The kernel in use: the vector one when the Vector API has at least 8 float lanes, else the scalar twin. */
    public static final Sgemm DEFAULT = new Sgemm(VECTOR_KERNEL != null ? VECTOR_KERNEL : new ScalarMicroKernel(6, 16));
    /** The scalar twin, with the vector kernel's tile shape. */
    public static final Sgemm SCALAR = new Sgemm(new ScalarMicroKernel(DEFAULT.kernel.mr(), DEFAULT.kernel.nr()));

    private final MicroKernel kernel;
    private final ThreadLocal<Buffers> buffers;

    private Sgemm(MicroKernel kernel) {
        this.kernel = kernel;
        int mr = kernel.mr(), nr = kernel.nr();
        int mcPad = (MC + mr - 1) / mr * mr, ncPad = (NC + nr - 1) / nr * nr;
        this.buffers = ThreadLocal.withInitial(() -> new Buffers(new float[mcPad * KC], new float[KC * ncPad],
                new float[mr * nr]));
    }

    private record Buffers(float[] ap, float[] bp, float[] tile) {
    }

    public boolean isVector() {
        return kernel instanceof VectorMicroKernel;
    }

    /**
     * {@code C[m, n] (+)= A[m, k] · B[k, n]} split across {@code pool}: by rows of C when it is taller than wide,
     * else by columns, in whole micro-tiles. With {@code accumulate} false C is overwritten.
     */
    public void multiply(WorkerPool pool, int m, int n, int k, MatrixView a, MatrixView b, MatrixView c,
                         boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        long flops = 2L * m * n * k;
        if (pool == null || pool.threads() == 1 || flops < 4_000_000) {
            multiply(m, n, k, a, b, c, accumulate);
            return;
        }
        if (m >= n) {
            int mr = kernel.mr();
            int tiles = (m + mr - 1) / mr;
            pool.parallelFor(tiles, (from, to) -> {
                int i0 = from * mr, i1 = Math.min(m, to * mr);
                multiply(i1 - i0, n, k, shiftRows(a, i0), b, shiftRows(c, i0), accumulate);
            });
        } else {
            int nr = kernel.nr();
            int tiles = (n + nr - 1) / nr;
            pool.parallelFor(tiles, (from, to) -> {
                int j0 = from * nr, j1 = Math.min(n, to * nr);
                multiply(m, j1 - j0, k, a, shiftCols(b, j0), shiftCols(c, j0), accumulate);
            });
        }
    }

    private static MatrixView shiftRows(MatrixView v, int rows) {
        return new MatrixView(v.data(), v.offset() + rows * v.rowStride(), v.rowStride(), v.colStride());
    }

    private static MatrixView shiftCols(MatrixView v, int cols) {
        return new MatrixView(v.data(), v.offset() + cols * v.colStride(), v.rowStride(), v.colStride());
    }

    /** Single-threaded {@code C (+)= A · B}; C must be row-major-ish (column stride 1). */
    public void multiply(int m, int n, int k, MatrixView a, MatrixView b, MatrixView c, boolean accumulate) {
        if (c.colStride() != 1) {
            throw new IllegalArgumentException("C must have column stride 1");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c.data(), c.offset() + i * c.rowStride(), c.offset() + i * c.rowStride() + n, 0f);
                }
            }
            return;
        }
        Buffers buf = buffers.get();
        int mr = kernel.mr(), nr = kernel.nr();
        // A row-major A is read in place, a micro-panel of mr rows at a time; only a last partial panel (fewer
        // than mr rows) is copied, zero-padded. Any other layout is packed into a row-major block first.
        boolean inPlace = a.colStride() == 1;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean acc = accumulate || pc > 0;
                packB(b, pc, kc, jc, nc, nr, buf.bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    int full = inPlace ? mc / mr * mr : 0;
                    packA(a, ic, full, mc, pc, kc, mr, buf.ap);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nn = Math.min(nr, nc - jr);
                        int bOff = jr * kc;
                        for (int ir = 0; ir < mc; ir += mr) {
                            int mm = Math.min(mr, mc - ir);
                            boolean direct = ir < full;
                            float[] ad = direct ? a.data() : buf.ap;
                            int aOff = direct ? a.offset() + (ic + ir) * a.rowStride() + pc : ir * kc;
                            int lda = direct ? a.rowStride() : kc;
                            int cOff = c.offset() + (ic + ir) * c.rowStride() + jc + jr;
                            if (mm == mr && nn == nr) {
                                kernel.run(kc, ad, aOff, lda, buf.bp, bOff, c.data(), cOff, c.rowStride(), acc);
                            } else {
                                edgeTile(kc, ad, aOff, lda, buf, bOff, c, cOff, mm, nn, acc);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A partial tile: run the kernel into scratch, then add the valid {@code mm x nn} corner to C. */
    private void edgeTile(int kc, float[] ad, int aOff, int lda, Buffers buf, int bOff, MatrixView c, int cOff,
                          int mm, int nn, boolean acc) {
        int nr = kernel.nr();
        float[] tile = buf.tile;
        kernel.run(kc, ad, aOff, lda, buf.bp, bOff, tile, 0, nr, false);
        float[] cd = c.data();
        for (int i = 0; i < mm; i++) {
            int row = cOff + i * c.rowStride();
            for (int j = 0; j < nn; j++) {
                cd[row + j] = acc ? cd[row + j] + tile[i * nr + j] : tile[i * nr + j];
            }
        }
    }

    /**
     * Rows {@code [i0 + from, i0 + mc)}, columns {@code [p0, p0+kc)} of A into the row-major block {@code ap}
     * (row {@code r} of the block at {@code ap[r*kc ..]}), the last micro-panel zero-padded to {@code mr} rows.
     * Rows before {@code from} are read in place and not copied.
     */
    private static void packA(MatrixView a, int i0, int from, int mc, int p0, int kc, int mr, float[] ap) {
        float[] d = a.data();
        int rs = a.rowStride(), cs = a.colStride();
        for (int i = from; i < mc; i++) {
            int src = a.offset() + (i0 + i) * rs + p0 * cs;
            if (cs == 1) {
                System.arraycopy(d, src, ap, i * kc, kc);
            } else {
                for (int p = 0; p < kc; p++) {
                    ap[i * kc + p] = d[src + p * cs];
                }
            }
        }
        int padded = (mc + mr - 1) / mr * mr;
        if (padded > mc) {
            Arrays.fill(ap, mc * kc, padded * kc, 0f);
        }
    }

    /** Rows {@code [p0, p0+kc)}, columns {@code [j0, j0+nc)} of B into micro-panels of {@code nr} columns, zero-padded. */
    private static void packB(MatrixView b, int p0, int kc, int j0, int nc, int nr, float[] bp) {
        float[] d = b.data();
        int rs = b.rowStride(), cs = b.colStride();
        for (int jr = 0; jr < nc; jr += nr) {
            int nn = Math.min(nr, nc - jr);
            int base = jr * kc;
            if (cs == 1) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(d, b.offset() + (p0 + p) * rs + j0 + jr, bp, base + p * nr, nn);
                }
            } else {
                for (int j = 0; j < nn; j++) {
                    int src = b.offset() + p0 * rs + (j0 + jr + j) * cs;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + j] = d[src + p * rs];
                    }
                }
            }
            if (nn < nr) {
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(bp, base + p * nr + nn, base + (p + 1) * nr, 0f);
                }
            }
        }
    }
}
