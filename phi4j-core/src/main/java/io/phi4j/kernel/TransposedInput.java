package io.phi4j.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The prefill input x {@code [tokens, cols]} transposed into groups of {@link GemmTile#groupWidth()} tokens:
 * group g holds, for each column c, its tokens contiguously at float {@code c * groupWidth + t}. Native memory,
 * 64-byte aligned (see {@link VectorGemmTile}); each group is a fixed slice made when the buffer grows, so a
 * matmul call allocates nothing. Reused by one calling thread; the workers only read it.
 */
final class TransposedInput {
    private final int groupWidth;
    private int capCols, capGroups;
    private MemorySegment[] groups = new MemorySegment[0];

    TransposedInput(GemmTile tile) {
        this.groupWidth = tile.groupWidth();
    }

    int groupWidth() {
        return groupWidth;
    }

    MemorySegment group(int g) {
        return groups[g];
    }

    /** Makes room for {@code tokens x cols}. */
    void ensure(int tokens, int cols) {
        int need = (tokens + groupWidth - 1) / groupWidth;
        if (need <= capGroups && cols <= capCols) {
            return;
        }
        capGroups = Math.max(need, capGroups);
        capCols = Math.max(cols, capCols);
        long groupBytes = 4L * capCols * groupWidth;
        // Freed by the GC once outgrown.
        MemorySegment all = Arena.ofAuto().allocate(groupBytes * capGroups, 64);
        groups = new MemorySegment[capGroups];
        for (int g = 0; g < capGroups; g++) {
            groups[g] = all.asSlice(g * groupBytes, groupBytes);
        }
    }

    /**
     * Columns {@code [kFrom, kTo)} of {@code x}; tokens past {@code tokens} in the last group are zero. Blocked
     * 16 x 16 so that both the reads and the writes stay in cache.
     */
    void fill(float[] x, int tokens, int cols, int kFrom, int kTo) {
        int gw = groupWidth;
        for (int g = 0; g * gw < tokens; g++) {
            MemorySegment dst = groups[g];
            int t0g = g * gw, tEnd = Math.min(tokens, t0g + gw);
            for (int k0 = kFrom; k0 < kTo; k0 += 16) {
                int k1 = Math.min(kTo, k0 + 16);
                for (int t0 = t0g; t0 < tEnd; t0 += 16) {
                    int t1 = Math.min(tEnd, t0 + 16);
                    for (int k = k0; k < k1; k++) {
                        long base = (long) k * gw - t0g;
                        for (int t = t0; t < t1; t++) {
                            dst.setAtIndex(ValueLayout.JAVA_FLOAT, base + t, x[t * cols + k]);
                        }
                    }
                }
                if (tEnd < t0g + gw) {
                    for (int k = k0; k < k1; k++) {
                        dst.asSlice(4L * ((long) k * gw + tEnd - t0g), 4L * (t0g + gw - tEnd)).fill((byte) 0);
                    }
                }
            }
        }
    }
}
