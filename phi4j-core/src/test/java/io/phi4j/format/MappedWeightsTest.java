package io.phi4j.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class MappedWeightsTest {
    /**
     * On Linux with transparent huge pages (the machines phi4j runs on), the kernel accepts the advice for a
     * read-only file mapping; elsewhere the call is a no-op that returns false. Either way the mapping reads the
     * same bytes afterwards.
     */
    @Test
    void hugePageAdviceIsAcceptedWhereTheKernelHasIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("w.bin");
        byte[] bytes = new byte[3 << 20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(f, bytes);
        boolean linuxWithThp = System.getProperty("os.name").toLowerCase().contains("linux")
                && Files.exists(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            var seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            assertThat(MappedWeights.adviseHugePages(seg)).isEqualTo(linuxWithThp);
            assertThat(seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(bytes);
            assertThat(MappedWeights.adviseHugePages(seg.asSlice(0, 0))).isFalse();
        }
    }
}
