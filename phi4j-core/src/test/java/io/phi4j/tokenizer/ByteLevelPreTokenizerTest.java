package io.phi4j.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ByteLevelPreTokenizerTest {
    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        ByteLevelPreTokenizer.forEachWord(text, out::add);
        return out;
    }

    @Test
    void splitsLikeGpt2AndSpellsWordsInByteLevelCharacters() {
        assertThat(words("Hello world, it's 2024!\n\n  ok")).containsExactly("Hello", "Ġworld", ",", "Ġit", "'s",
                "Ġ2024", "!", "ĊĊĠ", "Ġok");
        assertThat(words("café 🙂")).containsExactly("cafÃ©", "ĠðŁĻĤ");
        assertThat(ByteLevelPreTokenizer.countWords("Hello world, it's 2024!\n\n  ok")).isEqualTo(9);
        assertThat(words("")).isEmpty();
    }

    @Test
    void byteCharactersAndPieceBytesAreInverse() {
        for (int b = 0; b < 256; b++) {
            String piece = String.valueOf(ByteLevelPreTokenizer.byteChar(b));
            assertThat(ByteLevelPreTokenizer.pieceBytes(piece)).containsExactly((byte) b);
        }
        assertThat(ByteLevelPreTokenizer.byteChar(' ')).isEqualTo('Ġ');
        assertThat(ByteLevelPreTokenizer.byteChar('\n')).isEqualTo('Ċ');
    }

    /**
     * The words are exactly what the tokenizer's BPE sees: encoding word by word gives the ids of encoding the
     * whole text (a text without Phi-2's added whitespace-run tokens).
     */
    @Test
    void agreesWithTheTokenizer() {
        Tokenizer tok = TokenizerFixtures.phi2FromTokenizerJson();
        String text = "Instruct: What is 27 + 38?\nOutput: 27 + 38 = 65. It's done, café!\n\nBob:";
        List<Integer> joined = new ArrayList<>();
        for (String w : words(text)) {
            for (int id : tok.encode(new String(ByteLevelPreTokenizer.pieceBytes(w), java.nio.charset.StandardCharsets.UTF_8))) {
                joined.add(id);
            }
        }
        assertThat(joined).containsExactly(java.util.Arrays.stream(tok.encode(text)).boxed().toArray(Integer[]::new));
    }
}
