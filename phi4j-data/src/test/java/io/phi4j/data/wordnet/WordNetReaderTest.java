package io.phi4j.data.wordnet;

import io.phi4j.PhiException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WordNetReaderTest {
    /** A miniature WordNet in the real file formats (wndb(5WN)); offsets need only be unique here. */
    static Path miniWordNet(Path dir) throws IOException {
        String license = "  1 This software and database is being provided to you, the LICENSEE, by\n";
        Files.writeString(dir.resolve("data.noun"), license
                + "00000001 05 n 02 dog 0 domestic_dog 0 001 @ 00000002 n 0000 | a domesticated carnivore kept as a pet"
                + " (probably descended from the wolf); \"the dog barked all night\"\n"
                + "00000002 05 n 01 canine 0 000 | any of various fissiped mammals\n"
                + "00000003 05 n 02 Paris 0 paris 0 000 | the capital of France\n"
                + "00000004 05 n 01 cur 0 000 | an inferior dog or one of mixed breed; used as an insult\n");
        Files.writeString(dir.resolve("index.noun"), license
                + "dog n 1 1 @ 1 1 00000001  \ncanine n 1 0 1 0 00000002  \nparis n 1 0 1 0 00000003  \n"
                + "cur n 1 0 1 0 00000004  \nzebra n 1 0 1 0 00000002  \n");
        Files.writeString(dir.resolve("data.adj"), license
                + "00000010 00 a 01 happy 0 001 ! 00000011 a 0101 | enjoying or showing joy; \"a happy smile\"\n"
                + "00000011 00 a 01 unhappy 0 001 ! 00000010 a 0101 | experiencing or marked by unhappiness\n");
        Files.writeString(dir.resolve("index.adj"), license + "happy a 1 1 ! 1 1 00000010  \n"
                + "unhappy a 1 1 ! 1 1 00000011  \n");
        for (String pos : new String[] {"verb", "adv"}) {
            Files.writeString(dir.resolve("data." + pos), license);
            Files.writeString(dir.resolve("index." + pos), license);
        }
        Files.writeString(dir.resolve("cntlist.rev"), "dog%1:05:00:: 1 42\ncanine%1:05:00:: 1 3\n"
                + "paris%1:15:00:: 1 9\ncur%1:05:00:: 1 50\nhappy%3:00:00:: 1 37\nhappy%5:00:00:glad:00 2 7\n"
                + "unhappy%3:00:00:: 1 5\n");
        return dir;
    }

    @Test
    void readsGlossExamplesSynonymsHypernymsAndAntonyms(@TempDir Path dir) throws IOException {
        List<WordEntry> words = WordNetReader.read(miniWordNet(dir), 10);
        assertThat(words).extracting(WordEntry::word).containsExactly("happy", "dog", "unhappy", "canine");
        WordEntry happy = words.get(0);
        assertThat(happy.pos()).isEqualTo("adjective");
        assertThat(happy.frequency()).isEqualTo(44);
        assertThat(happy.gloss()).isEqualTo("enjoying or showing joy");
        assertThat(happy.examples()).containsExactly("a happy smile");
        assertThat(happy.antonym()).isEqualTo("unhappy");
        WordEntry dog = words.get(1);
        assertThat(dog.gloss()).isEqualTo("a domesticated carnivore kept as a pet");
        assertThat(dog.examples()).containsExactly("the dog barked all night");
        assertThat(dog.hypernym()).isEqualTo("canine");
        assertThat(dog.synonyms()).isEmpty(); // "domestic_dog" is not a simple word
        assertThat(dog.posWithArticle()).isEqualTo("a noun");
        // "paris" is only capitalized in its sense (a proper noun); "cur" is an insult; "zebra" was never tagged.
    }

    @Test
    void keepsOnlyTheMostFrequentEntries(@TempDir Path dir) throws IOException {
        assertThat(WordNetReader.read(miniWordNet(dir), 2)).extracting(WordEntry::word).containsExactly("happy", "dog");
    }

    @Test
    void aDanglingSynsetOffsetIsReported(@TempDir Path dir) throws IOException {
        miniWordNet(dir);
        Files.writeString(dir.resolve("index.noun"), "dog n 1 0 1 1 00000099  \n");
        assertThatThrownBy(() -> WordNetReader.read(dir, 10)).isInstanceOf(PhiException.class)
                .hasMessageContaining("dog points to synset 99, which is not in data");
    }

    @Test
    void aMissingFileIsReported(@TempDir Path dir) {
        assertThatThrownBy(() -> WordNetReader.read(dir, 10)).isInstanceOf(PhiException.class)
                .hasMessageContaining("cntlist.rev: cannot read WordNet file");
    }

    @Test
    void theEmbeddedSubsetLoadsAndIsClean() {
        List<WordEntry> words = WordList.embedded();
        assertThat(words).hasSize(3000);
        for (WordEntry w : words) {
            assertThat(w.word()).matches("[a-z]{3,14}");
            assertThat(w.pos()).isIn("noun", "verb", "adjective", "adverb");
            assertThat(w.gloss()).isNotBlank().doesNotContain("\t").doesNotContain("(").doesNotContain("\"");
            assertThat(w.frequency()).isPositive();
        }
        assertThat(words.stream().filter(w -> w.antonym() != null).count()).isGreaterThan(100);
    }

    @Test
    void aWordListRoundTripsAndBadLinesAreReported(@TempDir Path dir) throws IOException {
        List<WordEntry> words = WordNetReader.read(miniWordNet(Files.createDirectories(dir.resolve("wn"))), 10);
        Path file = dir.resolve("words.tsv");
        WordList.write(words, file);
        assertThat(WordList.read(file)).isEqualTo(words);
        assertThatThrownBy(() -> WordList.parse(new StringReader("dog\tnoun\ta pet\n"), "x.tsv"))
                .isInstanceOf(PhiException.class).hasMessage("x.tsv: line 1: expected 8 tab-separated fields, found 3");
        assertThatThrownBy(() -> WordList.parse(new StringReader("# only a comment\n"), "y.tsv"))
                .isInstanceOf(PhiException.class).hasMessage("y.tsv: no words");
    }

    /**
     * The shipped subset is exactly what {@code phi data wordnet-subset} extracts from Debian's wordnet-base.
     * Tagged "wordnet": skipped where /usr/share/wordnet is absent (fails instead if PHI4J_REQUIRE_WORDNET=1).
     */
    @Test
    @Tag("wordnet")
    void theEmbeddedSubsetIsReproducibleFromWordNet() {
        Path wn = Path.of("/usr/share/wordnet");
        if (!Files.isRegularFile(wn.resolve("data.noun"))) {
            if ("1".equals(System.getenv("PHI4J_REQUIRE_WORDNET"))) {
                throw new AssertionError("/usr/share/wordnet is missing but PHI4J_REQUIRE_WORDNET=1");
            }
            Assumptions.abort("WordNet is not installed (apt-get install wordnet-base)");
        }
        assertThat(WordNetReader.read(wn, 3000)).isEqualTo(WordList.embedded());
    }
}
