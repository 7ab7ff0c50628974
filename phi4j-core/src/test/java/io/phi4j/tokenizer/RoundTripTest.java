package io.phi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** decode(encode(s)) == s for seeded random text; the bytes of the ids are the UTF-8 of the text. */
class RoundTripTest {
    private static final String[] WHITESPACE = {" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2028", "\u000b",
        "\u0085", " ".repeat(40), "\t".repeat(11), " \t \n"};

    /** A random string mixing ASCII, whitespace runs, control characters, CJK, emoji and any code point. */
    static String randomText(Random r, int length) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            switch (r.nextInt(9)) {
                case 0, 1 -> sb.append((char) (0x20 + r.nextInt(0x5F)));
                case 2 -> sb.append(WHITESPACE[r.nextInt(WHITESPACE.length)]);
                case 3 -> sb.append((char) r.nextInt(0x20));
                case 4 -> sb.appendCodePoint(0x4E00 + r.nextInt(0x5000));
                case 5 -> sb.appendCodePoint(0x1F300 + r.nextInt(0x300)).append(r.nextBoolean() ? "\u200d" : "");
                case 6 -> sb.append(r.nextBoolean() ? "'s" : r.nextBoolean() ? "'ll" : "<|endoftext|>");
                case 7 -> sb.appendCodePoint(0x80 + r.nextInt(0x800));
                default -> {
                    int cp;
                    do {
                        cp = r.nextInt(0x110000);
                    } while (cp >= 0xD800 && cp <= 0xDFFF);
                    sb.appendCodePoint(cp);
                }
            }
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 22, 33, 44, 55, 66, 77, 88})
    void randomUnicodeTextRoundTrips(long seed) {
        Tokenizer t = TokenizerFixtures.phi2FromTokenizerJson();
        Random r = new Random(seed);
        for (int i = 0; i < 300; i++) {
            String text = randomText(r, r.nextInt(120));
            int[] plain = t.encode(text);
            assertThat(t.decode(plain)).isEqualTo(text);
            assertThat(t.decodeBytes(plain)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            int[] special = t.encode(text, true);
            assertThat(t.decode(special)).isEqualTo(text);
            assertThat(plain).doesNotContain(50256);
            if (text.contains("<|endoftext|>")) {
                assertThat(special).contains(50256);
            }
            for (int id : plain) {
                assertThat(id).isBetween(0, 50294);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void randomBytesRoundTripThroughDecodeBytes(long seed) {
        Tokenizer t = TokenizerFixtures.phi2FromVocabAndMerges();
        Random r = new Random(seed);
        for (int i = 0; i < 300; i++) {
            byte[] bytes = new byte[r.nextInt(80)];
            r.nextBytes(bytes);
            // Any byte string becomes text (invalid sequences as U+FFFD); its tokens give back its UTF-8 exactly.
            String text = Utf8StreamDecoder.decode(bytes);
            assertThat(t.decodeBytes(t.encode(text))).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            // Valid UTF-8 survives unchanged, byte for byte.
            byte[] valid = text.getBytes(StandardCharsets.UTF_8);
            assertThat(t.decodeBytes(t.encode(new String(valid, StandardCharsets.UTF_8)))).isEqualTo(valid);
        }
    }

    @Test
    void everyByteValueIsReachable() {
        Tokenizer t = TokenizerFixtures.phi2FromTokenizerJson();
        for (int b = 0; b < 256; b++) {
            int id = t.id(String.valueOf(ByteLevel.charOf(b))).orElseThrow();
            assertThat(t.tokenBytes(id)).containsExactly((byte) b);
        }
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacters() {
        Tokenizer t = TokenizerFixtures.phi2FromTokenizerJson();
        assertThat(t.decode(t.encode("a\uD800b\uDC00 \uD83E"))).isEqualTo("a\uFFFDb\uFFFD \uFFFD");
        assertThat(t.encode("\uD800")).isEqualTo(t.encode("\uFFFD"));
    }

    @Test
    void largeTextIsFast() {
        Tokenizer t = TokenizerFixtures.phi2FromTokenizerJson();
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder(10_500_000);
        String[] words = new String[5000];
        for (int i = 0; i < words.length; i++) {
            words[i] = randomText(r, 1 + r.nextInt(12));
        }
        while (sb.length() < 10_000_000) {
            sb.append(words[r.nextInt(words.length)]).append(r.nextInt(10) == 0 ? "\n    " : " ");
        }
        String text = sb.toString();
        t.encode(text.substring(0, 100_000)); // warm up
        long start = System.nanoTime();
        int[] ids = t.encode(text);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(t.decode(ids)).isEqualTo(text);
        // The brief is "10 MB in a few seconds"; the margin allows for a busy 2-core CI machine.
        assertThat(seconds).as("seconds to encode 10M chars (%d tokens)", ids.length).isLessThan(10.0);
    }

    @Test
    void hugeSingleWordsAndRunsAreFast() {
        Tokenizer t = TokenizerFixtures.phi2FromTokenizerJson();
        Random r = new Random(3);
        StringBuilder letters = new StringBuilder();
        StringBuilder symbols = new StringBuilder();
        while (letters.length() < 1_000_000) {
            letters.append((char) ('a' + r.nextInt(26)));
            symbols.append("!?=-*#.,;:".charAt(r.nextInt(10)));
        }
        String[] inputs = {letters.toString(), symbols.toString(), " ".repeat(1_000_000) + "x",
            "\t ".repeat(300_000), "9".repeat(1_000_000), "'s".repeat(300_000)};
        long start = System.nanoTime();
        for (String text : inputs) {
            assertThat(t.decode(t.encode(text))).isEqualTo(text);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("seconds for 5M characters of single huge words and runs").isLessThan(10.0);
        assertThat(t.encode(" ".repeat(62))).containsExactly(50257, 50257);
    }

    @Test
    void concurrentEncodingGivesTheSameIds() {
        Tokenizer t = Tokenizers.fromVocabAndMerges(TokenizerFixtures.phi2Dir()); // fresh, empty word cache
        Random r = new Random(9);
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            texts.add(randomText(r, 1 + r.nextInt(60)));
        }
        java.util.List<int[]> parallel = texts.parallelStream().map(s -> t.encode(s, true)).toList();
        Tokenizer reference = TokenizerFixtures.phi2FromTokenizerJson();
        for (int i = 0; i < texts.size(); i++) {
            assertThat(parallel.get(i)).isEqualTo(reference.encode(texts.get(i), true));
        }
    }
}
