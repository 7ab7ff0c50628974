package io.phi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8StreamDecoderTest {

    /** Expected strings are Python's {@code bytes.fromhex(hex).decode("utf-8", "replace")}, as code points. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "e28241, fffd 41",
        "f09fa6, fffd",
        "f09fa699, 1f999",
        "c0af, fffd fffd",
        "eda080, fffd fffd fffd",
        "f4908080, fffd fffd fffd fffd",
        "e080af, fffd fffd fffd",
        "fffe41, fffd fffd 41",
        "8080, fffd fffd",
        "f09fe282ac, fffd 20ac",
        "61c3, 61 fffd",
        "c3a9a9, e9 fffd",
        "f888808080, fffd fffd fffd fffd fffd",
    })
    void replacesInvalidBytesLikePython(String hex, String expectedCodePoints) {
        StringBuilder expected = new StringBuilder();
        for (String cp : expectedCodePoints.split(" ")) {
            expected.appendCodePoint(Integer.parseInt(cp, 16));
        }
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThat(Utf8StreamDecoder.decode(bytes)).isEqualTo(expected.toString());
        // Byte by byte gives the same text.
        Utf8StreamDecoder d = new Utf8StreamDecoder();
        StringBuilder streamed = new StringBuilder();
        for (byte b : bytes) {
            streamed.append(d.feed(new byte[] {b}));
        }
        assertThat(streamed.append(d.flush()).toString()).isEqualTo(expected.toString());
    }

    @Test
    void holdsBackACharacterSplitAcrossTokens() {
        Tokenizer t = TokenizerFixtures.phi2FromTokenizerJson();
        int[] ids = t.encode(" this is 🦙.cpp");
        assertThat(ids).containsExactly(428, 318, 12520, 99, 247, 13, 20322); // llama.cpp vector
        Utf8StreamDecoder d = new Utf8StreamDecoder();
        assertThat(d.feed(t.tokenBytes(428))).isEqualTo(" this");
        assertThat(d.feed(t.tokenBytes(318))).isEqualTo(" is");
        assertThat(d.feed(t.tokenBytes(12520))).isEqualTo(" "); // " " + first byte of the llama
        assertThat(d.hasPending()).isTrue();
        assertThat(d.feed(t.tokenBytes(99))).isEmpty();
        assertThat(d.feed(t.tokenBytes(247))).isEqualTo("🦙");
        assertThat(d.hasPending()).isFalse();
        assertThat(d.feed(t.tokenBytes(13))).isEqualTo(".");
        assertThat(d.feed(t.tokenBytes(20322))).isEqualTo("cpp");
        assertThat(d.flush()).isEmpty();
    }

    @Test
    void flushReplacesAnUnfinishedCharacter() {
        Utf8StreamDecoder d = new Utf8StreamDecoder();
        assertThat(d.feed("é漢".getBytes(StandardCharsets.UTF_8), 0, 4)).isEqualTo("é");
        assertThat(d.flush()).isEqualTo("\uFFFD");
        assertThat(d.hasPending()).isFalse();
        assertThat(d.feed(new byte[] {'x'})).isEqualTo("x");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void streamingEqualsOneShotDecodeForRandomTokenSequences(long seed) {
        Tokenizer t = TokenizerFixtures.phi2FromTokenizerJson();
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int[] ids = random.ints(random.nextInt(30), 0, 51200).toArray();
            Utf8StreamDecoder d = new Utf8StreamDecoder();
            StringBuilder streamed = new StringBuilder();
            for (int id : ids) {
                String piece = d.feed(t.tokenBytes(id));
                // Only whole characters come out: never half of a surrogate pair.
                assertThat(piece.isEmpty() || !Character.isHighSurrogate(piece.charAt(piece.length() - 1))).isTrue();
                streamed.append(piece);
            }
            streamed.append(d.flush());
            assertThat(streamed.toString()).isEqualTo(t.decode(ids));
            assertThat(t.decode(ids)).isEqualTo(Utf8StreamDecoder.decode(t.decodeBytes(ids)));
        }
    }
}
