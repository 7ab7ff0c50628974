package io.phi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hard inputs (whitespace runs, code, contractions, many scripts, emoji, control characters, seeded random
 * mixtures) with the ids Hugging Face tokenizers 0.23 gives, with and without special-token parsing
 * (phi-2/hf-vectors.jsonl, written by phi-2/make_hf_vectors.py).
 */
class HuggingFaceVectorsTest {

    record Vector(String text, int[] ids, int[] idsSpecial) {
    }

    static List<Vector> vectors() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Vector> out = new ArrayList<>();
        // -Dphi4j.tokenizer.hfVectors=FILE runs a larger one-off file from make_hf_vectors.py SEED COUNT FILE.
        String override = System.getProperty("phi4j.tokenizer.hfVectors");
        Path file = override != null ? Path.of(override) : TokenizerFixtures.phi2Vectors().resolve("hf-vectors.jsonl");
        for (String line : Files.readAllLines(file)) {
            JsonNode n = mapper.readTree(line);
            out.add(new Vector(n.get("text").asText(), ints(n.get("ids")), ints(n.get("ids_special"))));
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tokenizer.json", "vocab+merges"})
    void encodesLikeHuggingFace(String loader) throws IOException {
        Tokenizer t = loader.equals("tokenizer.json") ? TokenizerFixtures.phi2FromTokenizerJson()
                : TokenizerFixtures.phi2FromVocabAndMerges();
        List<Vector> vectors = vectors();
        assertThat(vectors).hasSizeGreaterThan(400);
        List<String> failures = new ArrayList<>();
        for (Vector v : vectors) {
            int[] plain = t.encode(v.text(), false);
            int[] special = t.encode(v.text(), true);
            if (!Arrays.equals(plain, v.ids())) {
                failures.add("plain " + show(v.text()) + " expected " + Arrays.toString(v.ids()) + " got "
                        + Arrays.toString(plain));
            }
            if (!Arrays.equals(special, v.idsSpecial())) {
                failures.add("special " + show(v.text()) + " expected " + Arrays.toString(v.idsSpecial())
                        + " got " + Arrays.toString(special));
            }
            if (!t.decode(plain).equals(v.text())) {
                failures.add("round trip " + show(v.text()));
            }
        }
        assertThat(failures).isEmpty();
    }

    private static String show(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().limit(60).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format("\\u{%X}", cp));
            }
        });
        return sb.append('"').toString();
    }
}
