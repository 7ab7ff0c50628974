package io.phi4j.data.bpe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Tokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BpeTrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String resource(String name) throws IOException {
        try (InputStream in = BpeTrainerTest.class.getResourceAsStream("/bpe/" + name)) {
            assertThat(in).as("test resource bpe/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> mergeLines(String merges) {
        List<String> out = new ArrayList<>();
        for (String line : merges.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#version")) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<String> merges(BpeTrainer.Result r) {
        return r.merges().stream().map(m -> m[0] + " " + m[1]).toList();
    }

    /** The Hugging Face course's example: pug/pun/hug word counts give "u g", then "u n", then "h ug". */
    @Test
    void learnsTheTextbookMergesOfTheHuggingFaceCourseExample() {
        WordCounts c = new WordCounts();
        c.addWord("hug", 10);
        c.addWord("pug", 5);
        c.addWord("pun", 12);
        c.addWord("bun", 4);
        c.addWord("hugs", 5);
        BpeTrainer.Result r = BpeTrainer.train(c, 257 + 3, null);
        assertThat(merges(r)).containsExactly("u g", "u n", "h ug");
        assertThat(r.pieces()).hasSize(260);
        assertThat(r.pieces().subList(256, 260)).containsExactly("ug", "un", "hug", "<|endoftext|>");
        assertThat(r.endOfTextId()).isEqualTo(259);
    }

    /** Equal counts: the pair with the smaller (left id, right id) wins; byte ids follow character order. */
    @Test
    void breaksTiesByTheSmallerPairOfIds() {
        WordCounts c = new WordCounts();
        c.addWord("cd", 3);
        c.addWord("ab", 3);
        c.addWord("ba", 3);
        BpeTrainer.Result r = BpeTrainer.train(c, 257 + 3, null);
        assertThat(merges(r)).containsExactly("a b", "b a", "c d");
    }

    /** Overlapping occurrences merge left to right ("aaa" → "aa a"), and counts stay exact afterwards. */
    @Test
    void mergesOverlappingPairsLeftToRight() {
        WordCounts c = new WordCounts();
        c.addWord("aaa", 5);
        c.addWord("aab", 1);
        BpeTrainer.Result r = BpeTrainer.train(c, 257 + 3, null);
        // "a a" occurs 2×5 + 1 = 11 times; then "aa a" 5 and "aa b" 1.
        assertThat(merges(r)).containsExactly("a a", "aa a", "aa b");
    }

    @Test
    void stopsWhenNoPairIsLeft() {
        WordCounts c = new WordCounts();
        c.addWord("ab", 2);
        BpeTrainer.Result r = BpeTrainer.train(c, 1000, null);
        assertThat(merges(r)).containsExactly("a b");
        assertThat(r.pieces()).hasSize(258);
    }

    @Test
    void refusesAVocabularyWithoutRoomForTheBytesAndEndOfText() {
        assertThatThrownBy(() -> BpeTrainer.train(new WordCounts(), 256, null)).isInstanceOf(PhiException.class)
                .hasMessageContaining("257");
    }

    @Test
    void pretokenizesLikeGpt2AndNeverCountsEndOfText() {
        WordCounts c = new WordCounts();
        c.addText("Hi there<|endoftext|>it's 42!");
        assertThat(c.map().keySet()).containsExactlyInAnyOrder("Hi", "Ġthere", "it", "'s", "Ġ42", "!");
        assertThat(c.total()).isEqualTo(6);
    }

    /** The committed reference: Hugging Face's BpeTrainer on the same corpus (tools/data/check_tokenizer_hf.py). */
    @Test
    void learnsExactlyTheMergesOfHuggingFaceOnTheTinyCorpus() throws IOException {
        WordCounts c = new WordCounts();
        c.addText(resource("tiny-corpus.txt"));
        BpeTrainer.Result r = BpeTrainer.train(c, 600, null);
        assertThat(merges(r)).containsExactlyElementsOf(mergeLines(resource("hf-merges.txt")));
    }

    @Test
    void writtenTokenizerLoadsAndGivesHuggingFaceIds(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, resource("tiny-corpus.txt"));
        BpeTrainer.Result r = BpeTrainer.train(TrainingFiles.count(List.of(corpus)), 600, null);
        Path out = dir.resolve("tok");
        HfTokenizerWriter.write(r, out, 2048);
        assertThat(out).isDirectoryContaining("glob:**/tokenizer.json").isDirectoryContaining("glob:**/vocab.json")
                .isDirectoryContaining("glob:**/merges.txt").isDirectoryContaining("glob:**/tokenizer_config.json")
                .isDirectoryContaining("glob:**/special_tokens_map.json");
        for (Tokenizer tok : List.of(Tokenizers.fromHuggingFaceDir(out), Tokenizers.fromVocabAndMerges(out))) {
            assertThat(tok.vocabSize()).isEqualTo(600);
            assertThat(tok.eosId()).isEqualTo(599);
            assertThat(tok.bosId()).isEqualTo(599);
            assertThat(tok.isSpecial(599)).isTrue();
            JsonNode expect = JSON.readTree(resource("hf-encodings.json"));
            for (JsonNode sample : expect.get("samples")) {
                String text = sample.get("text").asText();
                int[] ids = JSON.convertValue(sample.get("ids"), int[].class);
                assertThat(tok.encode(text, true)).as(text).containsExactly(ids);
                assertThat(tok.decode(ids)).isEqualTo(text);
            }
        }
    }

    /** Seeded random text (ASCII, Latin-1, CJK, emoji, whitespace runs) round-trips through a trained tokenizer. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void trainedTokenizerRoundTripsArbitraryText(long seed, @TempDir Path dir) throws IOException {
        WordCounts c = new WordCounts();
        c.addText(resource("tiny-corpus.txt"));
        Path out = dir.resolve("tok");
        HfTokenizerWriter.write(BpeTrainer.train(c, 500, null), out, 2048);
        Tokenizer tok = Tokenizers.fromHuggingFaceDir(out);
        SplittableRandom rnd = new SplittableRandom(seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 .,;:!?'\"()\n\t  éüß日本語🙂—";
        for (int n = 0; n < 50; n++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(0, 80);
            for (int i = 0; i < len; i++) {
                int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        rnd.nextInt(alphabet.codePointCount(0, alphabet.length()))));
                sb.appendCodePoint(cp);
            }
            String text = sb.toString();
            int[] ids = tok.encode(text);
            assertThat(tok.decode(ids)).isEqualTo(text);
            assertThat(ids.length).isLessThanOrEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    /** A text file bigger than one read block is counted exactly as if it were read whole. */
    @Test
    void countsALargeTextFileInBlocksExactlyAsWhole(@TempDir Path dir) throws IOException {
        String corpus = resource("tiny-corpus.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 3_500_000; i++) {
            sb.append(corpus).append(i % 3 == 0 ? "\n  indented " + i : "\n\n") .append(i % 7 == 0 ? "\t\n" : "\n");
        }
        Path big = dir.resolve("big.txt");
        Files.writeString(big, sb);
        WordCounts whole = new WordCounts();
        whole.addText(sb.toString());
        WordCounts streamed = TrainingFiles.count(List.of(big));
        assertThat(streamed.total()).isEqualTo(whole.total());
        assertThat(streamed.map().keySet()).isEqualTo(whole.map().keySet());
        whole.map().forEach((w, c) -> assertThat(streamed.map().get(w)[0]).as(w).isEqualTo(c[0]));
    }

    @Test
    void trainingIsDeterministic(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("c.txt");
        Files.writeString(corpus, resource("tiny-corpus.txt"));
        HfTokenizerWriter.write(BpeTrainer.train(TrainingFiles.count(List.of(corpus)), 450, null), dir.resolve("a"), 64);
        HfTokenizerWriter.write(BpeTrainer.train(TrainingFiles.count(List.of(corpus)), 450, null), dir.resolve("b"), 64);
        for (String f : List.of("tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json")) {
            assertThat(Files.readString(dir.resolve("a").resolve(f))).isEqualTo(Files.readString(dir.resolve("b")
                    .resolve(f)));
        }
    }

    @Test
    void readsTheTextFieldOfJsonlCorporaAndRejectsOtherLines(@TempDir Path dir) throws IOException {
        Path ok = dir.resolve("ok.jsonl");
        Files.writeString(ok, "{\"id\":\"x\",\"text\":\"hello world\",\"keys\":[\"a\"]}\n\n{\"text\":\"hello\"}\n");
        WordCounts c = TrainingFiles.count(List.of(ok));
        assertThat(c.map().keySet()).containsExactlyInAnyOrder("hello", "Ġworld");
        assertThat(c.map().get("hello")[0]).isEqualTo(2);
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"text\":\"fine\"}\n{\"txt\":1}\n");
        assertThatThrownBy(() -> TrainingFiles.count(List.of(bad))).isInstanceOf(PhiException.class)
                .hasMessage(bad + ": line 2: expected a JSON object with a \"text\" string");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertThatThrownBy(() -> TrainingFiles.count(List.of(latin1))).isInstanceOf(PhiException.class)
                .hasMessage(latin1 + ": not UTF-8 text");
        assertThatThrownBy(() -> TrainingFiles.count(List.of(dir.resolve("nope.txt"))))
                .isInstanceOf(PhiException.class).hasMessageEndingWith("nope.txt: file not found");
    }
}
