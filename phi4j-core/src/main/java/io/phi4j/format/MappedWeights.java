package io.phi4j.format;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Advice to the kernel about a memory-mapped weights file. Decoding streams every weight once per token, so the
 * mapping is read end to end over and over: with 4 KB pages that is a TLB miss every 4 KB (750,000 page walks
 * per token for a 3 GB model). {@code madvise(MADV_HUGEPAGE)} lets Linux back the mapping with 2 MB pages where
 * the page cache holds large folios (ext4 and others since Linux 6.x). It is advice: where the kernel, the file
 * system or the platform cannot follow it, nothing changes, and nothing here fails.
 *
 * <p>{@code -Dphi4j.hugePages=false} turns it off (for measuring).
 */
public final class MappedWeights {
    private static final int MADV_HUGEPAGE = 14; // linux/mman-common.h
    private static final MethodHandle MADVISE = lookupMadvise();

    private MappedWeights() {
    }

    private static MethodHandle lookupMadvise() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                || !Boolean.parseBoolean(System.getProperty("phi4j.hugePages", "true"))) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("madvise").map(addr -> linker.downcallHandle(addr,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // no native access (e.g. a restricted module layer): run without the advice
        }
    }

    /**
     * Asks for huge pages over {@code mapping} (as returned by {@code FileChannel.map}, so page-aligned).
     * Returns true when the kernel accepted the advice.
     */
    public static boolean adviseHugePages(MemorySegment mapping) {
        if (MADVISE == null || mapping.byteSize() == 0) {
            return false;
        }
        try {
            return (int) MADVISE.invokeExact(mapping, mapping.byteSize(), MADV_HUGEPAGE) == 0;
        } catch (Throwable e) {
            return false;
        }
    }
}
