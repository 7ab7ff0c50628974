package io.phi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every code point's class (letter / number / whitespace / other) against what Hugging Face tokenizers' GPT-2
 * regex does (hf-char-classes.txt, written by make_hf_char_classes.py).
 */
class CharClassTest {

    @Test
    void everyCodePointIsClassifiedAsHuggingFaceDoes() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int covered = 0;
        for (String line : Files.readAllLines(TokenizerFixtures.resource("hf-char-classes.txt"))) {
            String[] f = line.split(" ");
            int first = Integer.parseInt(f[0], 16);
            int last = Integer.parseInt(f[1], 16);
            byte expected = switch (f[2]) {
                case "L" -> CharClass.LETTER;
                case "N" -> CharClass.NUMBER;
                case "W" -> CharClass.WHITESPACE;
                default -> CharClass.OTHER;
            };
            for (int cp = first; cp <= last; cp++) {
                if (CharClass.of(cp) != expected) {
                    mismatches.add(String.format("U+%04X %s expected %s got %d", cp, Character.getName(cp), f[2],
                            CharClass.of(cp)));
                }
                covered++;
            }
        }
        assertThat(covered).isEqualTo(0x110000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void whitespaceIsTheUnicodeWhiteSpacePropertyNotJavaIsWhitespace() {
        assertThat(CharClass.of(0x00A0)).isEqualTo(CharClass.WHITESPACE); // NBSP: Java says no
        assertThat(CharClass.of(0x3000)).isEqualTo(CharClass.WHITESPACE);
        assertThat(CharClass.of(0x001C)).isEqualTo(CharClass.OTHER); // file separator: Java says yes
        assertThat(CharClass.of(0x200B)).isEqualTo(CharClass.OTHER); // zero-width space is Cf
    }
}
