package io.phi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * llama.cpp's vocab-only GGUF of Phi-2 from ../shared, loaded through {@link Tokenizers#fromGguf} (via a
 * test-only metadata reader): the 46 llama.cpp vectors, and the same pieces/bytes/kinds as the Hugging Face
 * files. Fails when the shared files are missing.
 */
@Tag("shared")
class GgufVocabSharedTest {

    private static Path vectors(String name) {
        String shared = System.getProperty("phi4j.shared");
        assertThat(shared).as("system property phi4j.shared").isNotNull();
        Path file = Path.of(shared, "fixtures", "tokenizer", "llama.cpp-vectors", name);
        assertThat(file).as("shared fixture").isRegularFile();
        return file;
    }

    @Test
    void ggufVocabularyPassesLlamaCppVectors() throws IOException {
        Tokenizer t = GgufTestMetadata.tokenizer(vectors("ggml-vocab-phi-2.gguf"));
        List<TokenizerFixtures.Case> cases = TokenizerFixtures.llamaCppCases(vectors("ggml-vocab-phi-2.gguf.inp"),
                vectors("ggml-vocab-phi-2.gguf.out"));
        assertThat(cases).hasSize(46);
        for (TokenizerFixtures.Case c : cases) {
            assertThat(t.encode(c.text())).as(c.toString()).containsExactly(c.ids());
            assertThat(t.decode(c.ids())).as(c.toString()).isEqualTo(c.text());
        }
    }

    @Test
    void ggufVocabularyMatchesTheHuggingFaceFiles() throws IOException {
        Tokenizer gguf = GgufTestMetadata.tokenizer(vectors("ggml-vocab-phi-2.gguf"));
        Tokenizer hf = TokenizerFixtures.phi2FromTokenizerJson();
        assertThat(gguf.vocabSize()).isEqualTo(51200);
        assertThat(hf.vocabSize()).isEqualTo(50295);
        for (int id = 0; id < hf.vocabSize(); id++) {
            assertThat(gguf.tokenPiece(id)).as("piece %d", id).isEqualTo(hf.tokenPiece(id));
            assertThat(gguf.tokenBytes(id)).as("bytes %d", id).isEqualTo(hf.tokenBytes(id));
            assertThat(gguf.tokenType(id)).as("type %d", id).isEqualTo(hf.tokenType(id));
        }
        assertThat(gguf.tokenPiece(50295)).isEqualTo("[PAD50295]");
        assertThat(gguf.tokenType(51199)).isEqualTo(TokenType.UNUSED);
        assertThat(gguf.decodeBytes(50295, 51199)).isEmpty();
        assertThat(gguf.encode("[PAD50295]", true)).doesNotContain(50295);
        assertThat(gguf.bosId()).isEqualTo(50256);
        assertThat(gguf.eosId()).isEqualTo(50256);
        assertThat(gguf.isSpecial(50256)).isTrue();
        assertThat(gguf.isSpecial(50286)).isFalse();
        assertThat(gguf.encode("<|endoftext|>", true)).containsExactly(50256);
    }

    @Test
    void gpt2VocabularyShowsTheWhitespaceDifference() throws IOException {
        // Plain GPT-2 has no added whitespace tokens: "  Hello" is BPE'd as " " + " Hello".
        Path gpt2 = vectors("ggml-vocab-gpt-2.gguf");
        assertThat(Files.size(gpt2)).isPositive();
        Tokenizer t = GgufTestMetadata.tokenizer(gpt2);
        List<TokenizerFixtures.Case> cases = TokenizerFixtures.llamaCppCases(vectors("ggml-vocab-gpt-2.gguf.inp"),
                vectors("ggml-vocab-gpt-2.gguf.out"));
        for (TokenizerFixtures.Case c : cases) {
            assertThat(t.encode(c.text())).as(c.toString()).containsExactly(c.ids());
        }
        assertThat(t.encode("  Hello")).containsExactly(220, 18435);
    }
}
