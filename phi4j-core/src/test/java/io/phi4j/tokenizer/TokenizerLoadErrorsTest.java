package io.phi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phi4j.PhiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing or malformed tokenizer input gives a one-line PhiException that names the file. */
class TokenizerLoadErrorsTest {
    @TempDir
    Path dir;

    private static AbstractThrowableAssert<?, ? extends Throwable> assertPhiError(Runnable r, String... parts) {
        AbstractThrowableAssert<?, ? extends Throwable> a = assertThatThrownBy(r::run).isInstanceOf(PhiException.class);
        for (String p : parts) {
            a.hasMessageContaining(p);
        }
        a.satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        return a;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private void writeTinyVocab() throws IOException {
        write("vocab.json", "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        write("merges.txt", "#version: 0.2\na b\n");
    }

    @Test
    void missingDirectoryAndEmptyDirectory() {
        assertPhiError(() -> Tokenizers.fromHuggingFaceDir(dir.resolve("nope")), "nope", "not a directory");
        assertPhiError(() -> Tokenizers.fromHuggingFaceDir(dir), dir.toString(), "no tokenizer.json");
        assertPhiError(() -> Tokenizers.fromTokenizerJson(dir.resolve("tokenizer.json")), "tokenizer.json",
                "not found");
    }

    @Test
    void missingMergesFile() throws IOException {
        write("vocab.json", "{\"a\": 0}");
        assertPhiError(() -> Tokenizers.fromHuggingFaceDir(dir), "merges.txt", "not found");
    }

    @Test
    void invalidJson() throws IOException {
        Path file = write("tokenizer.json", "{\"model\": {\"vocab\": {\"a\": 0,,}}");
        assertPhiError(() -> Tokenizers.fromTokenizerJson(file), file.toString(), "invalid JSON");
        write("vocab.json", "[1, 2");
        write("merges.txt", "");
        assertPhiError(() -> Tokenizers.fromVocabAndMerges(dir), "vocab.json", "invalid JSON");
    }

    @Test
    void unsupportedTokenizerJson() throws IOException {
        Path wordPiece = write("tokenizer.json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}");
        assertPhiError(() -> Tokenizers.fromTokenizerJson(wordPiece), "tokenizer.json", "WordPiece");
        Path metaspace = write("tokenizer.json", "{\"pre_tokenizer\": {\"type\": \"Metaspace\"},"
                + " \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}}");
        assertPhiError(() -> Tokenizers.fromTokenizerJson(metaspace), "tokenizer.json", "Metaspace");
        Path noMerges = write("tokenizer.json", "{\"pre_tokenizer\": {\"type\": \"ByteLevel\"},"
                + " \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}}");
        assertPhiError(() -> Tokenizers.fromTokenizerJson(noMerges), "tokenizer.json", "model.merges");
    }

    @Test
    void badIdsAndMerges() throws IOException {
        write("merges.txt", "a b\n");
        write("vocab.json", "{\"a\": 0, \"b\": 2000000000}");
        assertPhiError(() -> Tokenizers.fromVocabAndMerges(dir), "vocab.json", "out of range");
        write("vocab.json", "{\"a\": 0, \"b\": \"one\"}");
        assertPhiError(() -> Tokenizers.fromVocabAndMerges(dir), "vocab.json", "integer");
        write("vocab.json", "{\"a\": 0, \"b\": 1}");
        assertPhiError(() -> Tokenizers.fromVocabAndMerges(dir), "merges.txt: line 1", "\"ab\"",
                "not in the vocabulary");
        writeTinyVocab();
        write("merges.txt", "#version: 0.2\na b\nab\n");
        assertPhiError(() -> Tokenizers.fromVocabAndMerges(dir), "merges.txt: line 3", "two tokens");
        writeTinyVocab();
        write("added_tokens.json", "[\"x\"]");
        assertPhiError(() -> Tokenizers.fromVocabAndMerges(dir), "added_tokens.json");
    }

    @Test
    void tinyVocabularyWorks() throws IOException {
        writeTinyVocab();
        Tokenizer t = Tokenizers.fromHuggingFaceDir(dir);
        assertThat(t.encode("abab")).containsExactly(2, 2);
        assertThat(t.encode("ba")).containsExactly(1, 0);
        assertThat(t.encode("c")).isEmpty(); // a byte with no token is dropped, as HF and llama.cpp do
        assertThat(t.bosId()).isEqualTo(-1);
        assertThat(t.eosId()).isEqualTo(-1);
    }

    @Test
    void tokenizerJsonWithPairMerges() throws IOException {
        Path file = write("tokenizer.json", "{\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false},"
                + " \"added_tokens\": [{\"id\": 3, \"content\": \"<|endoftext|>\", \"special\": true}],"
                + " \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2},"
                + " \"merges\": [[\"a\", \"b\"]]}}");
        Tokenizer t = Tokenizers.fromTokenizerJson(file);
        assertThat(t.encode("aab<|endoftext|>", true)).containsExactly(0, 2, 3);
        assertThat(t.bosId()).isEqualTo(3);
        assertThat(t.vocabSize()).isEqualTo(4);
        Path bad = write("tokenizer.json", "{\"pre_tokenizer\": {\"type\": \"ByteLevel\"},"
                + " \"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [[\"a\"]]}}");
        assertPhiError(() -> Tokenizers.fromTokenizerJson(bad), "model.merges[0]");
    }

    @Test
    void ggufMetadataErrors() {
        List<String> tokens = List.of("a", "b", "ab");
        assertPhiError(() -> Tokenizers.fromGguf(List.of(), List.of(), null, -1, -1), "tokenizer.ggml.tokens");
        assertPhiError(() -> Tokenizers.fromGguf(tokens, null, null, -1, -1), "tokenizer.ggml.merges");
        assertPhiError(() -> Tokenizers.fromGguf(tokens, List.of("a b"), new int[] {1, 1}, -1, -1),
                "token_type", "2 entries", "3 tokens");
        assertPhiError(() -> Tokenizers.fromGguf(tokens, List.of("a b"), new int[] {1, 9, 1}, -1, -1),
                "token_type[1]", "9");
        assertPhiError(() -> Tokenizers.fromGguf(tokens, List.of("a b"), null, 3, -1), "bos_token_id", "3");
        assertPhiError(() -> Tokenizers.fromGguf(tokens, List.of("ab"), null, -1, -1), "merges[0]", "\"ab\"");
        assertPhiError(() -> Tokenizers.fromGguf(tokens, List.of("a c"), null, -1, -1), "merges[0]",
                "not in the vocabulary");
        Tokenizer t = Tokenizers.fromGguf(tokens, List.of("a b"), new int[] {1, 1, 1}, -1, 2);
        assertThat(t.encode("aba")).containsExactly(2, 0);
        assertThat(t.eosId()).isEqualTo(2);
    }
}
