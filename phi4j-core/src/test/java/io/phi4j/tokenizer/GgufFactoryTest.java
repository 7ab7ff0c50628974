package io.phi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Tokenizers#fromGguf} fed with the metadata llama.cpp's converter writes for Phi-2 (rebuilt here from
 * the Hugging Face files: 51200 tokens with [PADnnnnn] UNUSED padding, merges as "a b" strings, token types).
 * The real file is covered by the shared-tagged {@link GgufVocabSharedTest}.
 */
class GgufFactoryTest {

    static Tokenizer phi2LikeGguf() throws IOException {
        Tokenizer hf = TokenizerFixtures.phi2FromTokenizerJson();
        List<String> tokens = new ArrayList<>();
        int[] types = new int[51200];
        for (int id = 0; id < 51200; id++) {
            if (id < hf.vocabSize()) {
                tokens.add(hf.tokenPiece(id));
                types[id] = hf.tokenType(id).code();
            } else {
                tokens.add("[PAD" + id + "]");
                types[id] = TokenType.UNUSED.code();
            }
        }
        List<String> merges = Files.readAllLines(TokenizerFixtures.phi2Dir().resolve("merges.txt"));
        merges = merges.subList(1, merges.size()); // drop "#version: 0.2"
        return Tokenizers.fromGguf(tokens, merges, types, 50256, 50256);
    }

    @Test
    void passesTheLlamaCppVectors() throws IOException {
        Tokenizer t = phi2LikeGguf();
        for (TokenizerFixtures.Case c : TokenizerFixtures.phi2LlamaCppCases()) {
            assertThat(t.encode(c.text())).as(c.toString()).containsExactly(c.ids());
        }
        assertThat(t.vocabSize()).isEqualTo(51200);
        assertThat(t.tokenBytes(50300)).isEmpty();
        assertThat(t.tokenPiece(50300)).isEqualTo("[PAD50300]");
        assertThat(t.encode("[PAD50300]", true)).doesNotContain(50300);
        assertThat(t.encode("<|endoftext|>x", true)).containsExactly(50256, 87);
        assertThat(t.isSpecial(50256)).isTrue();
        assertThat(t.tokenType(50290)).isEqualTo(TokenType.USER_DEFINED);
    }
}
