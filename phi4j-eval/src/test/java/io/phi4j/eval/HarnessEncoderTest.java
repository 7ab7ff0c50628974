package io.phi4j.eval;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Tokenizers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness's {@code _encode_pair} rules, on the real Phi-2 tokenizer. */
class HarnessEncoderTest {
    private static Tokenizer tok;

    @BeforeAll
    static void load(@TempDir Path dir) throws IOException {
        // phi4j-core's test jar holds the Phi-2 tokenizer files; copy them out of it
        for (String f : new String[] {"vocab.json", "merges.txt", "added_tokens.json", "special_tokens_map.json",
                "tokenizer.json", "tokenizer_config.json"}) {
            try (InputStream in = HarnessEncoderTest.class.getClassLoader().getResourceAsStream("io/phi4j/tokenizer/phi-2/" + f)) {
                assertThat(in).as("io/phi4j/tokenizer/phi-2/%s", f).isNotNull();
                Files.copy(in, dir.resolve(f));
            }
        }
        tok = Tokenizers.fromHuggingFaceDir(dir);
    }

    private static int[] cont(TokenRequest r) {
        return Arrays.copyOfRange(r.tokens(), r.contStart(), r.tokens().length);
    }

    @Test
    void trailingSpaceOfTheContextMovesToTheContinuation() {
        HarnessEncoder enc = new HarnessEncoder(tok, 2048);
        TokenRequest moved = enc.encode("Answer: ", "yes");
        TokenRequest plain = enc.encode("Answer:", " yes");
        assertThat(moved.tokens()).containsExactly(plain.tokens());
        assertThat(moved.contStart()).isEqualTo(plain.contStart());
        assertThat(cont(moved)).containsExactly(tok.encode(" yes"));
        assertThat(Arrays.copyOf(moved.tokens(), moved.contStart())).containsExactly(tok.encode("Answer:"));
    }

    @Test
    void continuationIsWhatFollowsTheContextTokensInTheWholeEncoding() {
        HarnessEncoder enc = new HarnessEncoder(tok, 2048);
        // "  he" after "because": the two spaces are one added token in Phi-2's vocabulary
        TokenRequest r = enc.encode("The man broke his toe because", "  he dropped it.");
        int[] whole = tok.encode("The man broke his toe because  he dropped it.");
        int[] ctx = tok.encode("The man broke his toe because");
        assertThat(r.tokens()).containsExactly(whole);
        assertThat(r.contStart()).isEqualTo(ctx.length);
    }

    @Test
    void emptyContextBecomesEndOfText() {
        HarnessEncoder enc = new HarnessEncoder(tok, 2048);
        TokenRequest r = enc.encode("", "Hello world");
        assertThat(r.tokens()[0]).isEqualTo(50256);
        assertThat(r.contStart()).isEqualTo(1);
        assertThat(cont(r)).containsExactly(tok.encode("Hello world"));
        TokenRequest s = enc.encode("", "<|endoftext|>Hi");
        assertThat(s.tokens()).containsExactly(tok.encode("<|endoftext|>Hi", true));
        assertThat(s.contStart()).isEqualTo(1);
    }

    @Test
    void longInputsKeepTheLastMaxLengthPlusOneTokens() {
        HarnessEncoder enc = new HarnessEncoder(tok, 8);
        String ctx = "one two three four five six seven eight nine ten eleven twelve";
        TokenRequest r = enc.encode(ctx, " thirteen");
        int[] whole = tok.encode(ctx + " thirteen");
        assertThat(r.tokens()).containsExactly(Arrays.copyOfRange(whole, whole.length - 9, whole.length));
        assertThat(r.tokens().length - r.contStart()).isEqualTo(tok.encode(" thirteen").length);
    }

    @Test
    void pythonWhitespaceIncludesNoBreakSpace() {
        assertThat(HarnessEncoder.rstripLength("a \u00a0\t\n")).isEqualTo(1);
        assertThat(HarnessEncoder.rstripLength("a")).isEqualTo(1);
    }
}
