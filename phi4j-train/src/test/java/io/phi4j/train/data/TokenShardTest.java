package io.phi4j.train.data;

import io.phi4j.PhiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenShardTest {
    @ParameterizedTest
    @ValueSource(ints = {300, 65536, 100_000})
    void roundTripWithTheDocumentedLayout(int vocab, @TempDir Path dir) throws Exception {
        int[] ids = {0, 1, vocab - 1, 42, vocab / 2, 0};
        Path f = dir.resolve("train-00000.tok");
        TokenShard.write(f, ids, ids.length, vocab, 0, 2);
        int width = vocab <= 65536 ? 2 : 4;
        byte[] bytes = Files.readAllBytes(f);
        assertThat(bytes).hasSize(64 + ids.length * width);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PHI4JTOK");
        assertThat(b.getInt(8)).isEqualTo(1);
        assertThat(b.getInt(12)).isEqualTo(width);
        assertThat(b.getLong(16)).isEqualTo(ids.length);
        assertThat(b.getInt(24)).isEqualTo(vocab);
        assertThat(b.getInt(28)).isEqualTo(0);
        assertThat(b.getLong(32)).isEqualTo(2);
        assertThat(width == 2 ? Short.toUnsignedInt(b.getShort(64 + 2 * 2)) : b.getInt(64 + 2 * 4)).isEqualTo(vocab - 1);
        try (TokenShard s = TokenShard.open(f)) {
            assertThat(s.size()).isEqualTo(ids.length);
            assertThat(s.vocabSize()).isEqualTo(vocab);
            assertThat(s.documents()).isEqualTo(2);
            int[] back = new int[ids.length];
            s.read(0, ids.length, back, 0);
            assertThat(back).isEqualTo(ids);
        }
    }

    @Test
    void corruptShardsGiveOneLineErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.tok");
        TokenShard.write(f, new int[] {1, 2, 3}, 3, 10, 0, 1);
        byte[] good = Files.readAllBytes(f);
        expectError(dir, java.util.Arrays.copyOf(good, 40), "too short");
        expectError(dir, java.util.Arrays.copyOf(good, good.length - 1), "bytes of tokens");
        byte[] bad = good.clone();
        bad[0] = 'X';
        expectError(dir, bad, "not a token shard");
        bad = good.clone();
        bad[12] = 3;
        expectError(dir, bad, "bytes per token 3");
        bad = good.clone();
        bad[8] = 9;
        expectError(dir, bad, "version 9");
        bad = good.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(16, Long.MAX_VALUE);
        expectError(dir, bad, "bytes of tokens");
        bad = good.clone();
        bad[64 + 2] = 99; // token id 99 with vocabulary 10
        Path p = dir.resolve("ids.tok");
        Files.write(p, bad);
        try (TokenShard s = TokenShard.open(p)) {
            assertThatThrownBy(() -> s.get(1)).isInstanceOf(PhiException.class).hasMessageContaining("has id 99");
        }
        assertThatThrownBy(() -> TokenShard.open(dir.resolve("missing.tok"))).isInstanceOf(PhiException.class)
                .hasMessageContaining("file not found");
    }

    private static void expectError(Path dir, byte[] content, String message) throws Exception {
        Path p = dir.resolve("bad.tok");
        Files.write(p, content);
        assertThatThrownBy(() -> TokenShard.open(p)).isInstanceOf(PhiException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
