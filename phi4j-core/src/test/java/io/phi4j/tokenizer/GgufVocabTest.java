package io.phi4j.tokenizer;

import io.phi4j.format.gguf.GgufFile;
import io.phi4j.format.gguf.GgufMetadata;
import io.phi4j.format.gguf.GgufValue;
import io.phi4j.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Phi-2 tokenizer as llama.cpp's converter puts it into GGUF, and back to Hugging Face files. */
class GgufVocabTest {
    static GgufVocab phi2;

    @BeforeAll
    static void load() {
        phi2 = HfTokenizerFiles.phi2Vocab(51200);
    }

    @Test
    void bundledPhi2TokenizerIsWhatConvertHfToGgufWrites() {
        // convert_hf_to_gguf.py on microsoft/phi-2: 51200 tokens (50295 real + [PAD50295]..[PAD51199]), 50000 merges.
        assertThat(phi2.pre()).as("the check-text hash matched phi-2's").isEqualTo("phi-2");
        assertThat(PreTokenizerNames.checkHash(phi2.tokenizer()))
                .isEqualTo("fcace8b9cac38ce847670c970cd5892031a753a1ef381abd1d9af00f713da085");
        assertThat(phi2.size()).isEqualTo(51200);
        assertThat(phi2.merges()).hasSize(50000).startsWith("Ġ t", "Ġ a", "h e").endsWith("Ġinform ants", "Ġg azed");
        assertThat(phi2.tokens().subList(0, 3)).containsExactly("!", "\"", "#");
        assertThat(phi2.tokens().get(50256)).isEqualTo("<|endoftext|>");
        assertThat(phi2.tokens().get(50286)).isEqualTo("  ");
        assertThat(phi2.tokens().get(51199)).isEqualTo("[PAD51199]");
        int[] types = phi2.tokenTypes();
        assertThat(count(types, TokenType.NORMAL)).isEqualTo(50256);
        assertThat(count(types, TokenType.CONTROL)).isEqualTo(1);
        assertThat(count(types, TokenType.USER_DEFINED)).isEqualTo(38);
        assertThat(count(types, TokenType.UNUSED)).isEqualTo(905);
        assertThat(phi2.specialIds()).containsExactly(Map.entry("bos", 50256), Map.entry("eos", 50256), Map.entry("unk", 50256));
        assertThat(phi2.addSpecial()).isEmpty();
        assertThat(phi2.chatTemplate()).isNull();
    }

    private static long count(int[] types, TokenType t) {
        return Arrays.stream(types).filter(x -> x == t.code()).count();
    }

    @Test
    void metadataRoundTrip() {
        Map<String, GgufValue> meta = new LinkedHashMap<>();
        phi2.addTo(meta);
        assertThat(meta.keySet()).containsExactly("tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.ggml.tokens",
                "tokenizer.ggml.token_type", "tokenizer.ggml.merges", "tokenizer.ggml.bos_token_id",
                "tokenizer.ggml.eos_token_id", "tokenizer.ggml.unknown_token_id");
        GgufVocab back = GgufVocab.fromGguf(new GgufMetadata("test", meta)).orElseThrow();
        assertThat(back.tokens()).isEqualTo(phi2.tokens());
        assertThat(back.tokenTypes()).isEqualTo(phi2.tokenTypes());
        assertThat(back.merges()).isEqualTo(phi2.merges());
        assertThat(back.specialIds()).isEqualTo(phi2.specialIds());
    }

    @Test
    void writtenHuggingFaceFilesReadBackToTheSameVocabularyAndTokenization(@TempDir Path dir) throws IOException {
        HfTokenizerFiles.write(phi2, dir, 2048);
        assertThat(dir.resolve("tokenizer.json")).exists();
        assertThat(dir.resolve("vocab.json")).exists();
        assertThat(dir.resolve("merges.txt")).exists();
        GgufVocab back = GgufVocab.fromHuggingFaceDir(dir, 51200);
        assertThat(back).usingRecursiveComparison().isEqualTo(phi2);
        Tokenizer original = phi2.tokenizer();
        for (Tokenizer t : List.of(Tokenizers.fromHuggingFaceDir(dir), Tokenizers.fromVocabAndMerges(dir))) {
            for (String text : List.of("Hello world!", "def f(x):\n\treturn x  *  2\n", "naïve café 東京 🚀", "<|endoftext|>x")) {
                assertThat(t.encode(text, true)).as(text).containsExactly(original.encode(text, true));
            }
        }
    }

    @Test
    void truncatedVocabularyOfTheSmallModelRoundTrips(@TempDir Path dir) {
        try (Arena arena = Arena.ofConfined()) {
            GgufFile gguf = GgufFile.open(Fixtures.resource("reference/small-phi2/small-phi2-F16.gguf"), arena);
            GgufVocab small = GgufVocab.fromGguf(gguf.meta()).orElseThrow();
            HfTokenizerFiles.write(small, dir, 2048);
            GgufVocab back = GgufVocab.fromHuggingFaceDir(dir, small.size());
            // An edited vocabulary has no known check hash: it is named after its tokenizer class (CodeGen: phi-2).
            assertThat(back.pre()).isEqualTo("phi-2");
            assertThat(back.tokens()).isEqualTo(small.tokens());
            assertThat(back.tokenTypes()).isEqualTo(small.tokenTypes());
            assertThat(back.merges()).isEqualTo(small.merges());
            assertThat(back.specialIds()).isEqualTo(small.specialIds());
            assertThat(back.addSpecial()).isEqualTo(Map.of("bos", false));
        }
    }

    @Test
    void addedTokensThatLookSpecialBecomeControlTokens() {
        assertThat(HfVocabReader.looksSpecial("<|im_start|>")).isTrue();
        assertThat(HfVocabReader.looksSpecial("<pad>")).isTrue();
        assertThat(HfVocabReader.looksSpecial("   ")).isFalse();
        assertThat(HfVocabReader.looksSpecial("<b>")).isFalse();
    }

    @Test
    void bundledFilesAreThePhi2Files(@TempDir Path dir) throws IOException {
        HfTokenizerFiles.copyPhi2(dir);
        for (String f : HfTokenizerFiles.PHI2_FILES) {
            assertThat(Files.readAllBytes(dir.resolve(f))).isEqualTo(HfTokenizerFiles.phi2Resource(f));
        }
        assertThat(Files.size(dir.resolve("vocab.json"))).isEqualTo(898669);
    }
}
