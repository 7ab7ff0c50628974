package io.phi4j.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Phi-2 tokenizer files (a main resource, {@code io/phi4j/tokenizer/phi-2}: {@code phi init} embeds them) and the
 * llama.cpp / Hugging Face test vectors in src/test/resources/tokenizer/phi-2.
 */
final class TokenizerFixtures {
    static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    private static Tokenizer fromJson;
    private static Tokenizer fromVocabMerges;

    private TokenizerFixtures() {
    }

    static Path resource(String name) {
        URL url = TokenizerFixtures.class.getResource("/tokenizer/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource tokenizer/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Hugging Face tokenizer files of Phi-2 (tokenizer.json, vocab.json, merges.txt, ...). */
    static Path phi2Dir() {
        URL url = TokenizerFixtures.class.getResource("/io/phi4j/tokenizer/phi-2");
        if (url == null) {
            throw new IllegalStateException("missing resource io/phi4j/tokenizer/phi-2");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Test vectors for the Phi-2 tokenizer. */
    static Path phi2Vectors() {
        return resource("phi-2");
    }

    static synchronized Tokenizer phi2FromTokenizerJson() {
        if (fromJson == null) {
            fromJson = Tokenizers.fromTokenizerJson(phi2Dir().resolve("tokenizer.json"));
        }
        return fromJson;
    }

    static synchronized Tokenizer phi2FromVocabAndMerges() {
        if (fromVocabMerges == null) {
            fromVocabMerges = Tokenizers.fromVocabAndMerges(phi2Dir());
        }
        return fromVocabMerges;
    }

    /** A llama.cpp test-tokenizer-0 case: input text and the ids llama.cpp produced. */
    record Case(int index, String text, int[] ids) {
        @Override
        public String toString() {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return "#" + index + " " + shown.replace("\n", "\\n").replace("\t", "\\t");
        }
    }

    /** Reads {@code name.inp} (cases separated by {@link #SEPARATOR}) and {@code name.out} (one line of ids each). */
    static List<Case> llamaCppCases(Path inp, Path out) {
        try {
            String input = Files.readString(inp, StandardCharsets.UTF_8);
            List<String> texts = new ArrayList<>(Arrays.asList(input.split(SEPARATOR, -1)));
            if (!texts.getLast().isEmpty()) {
                throw new IllegalStateException(inp + " does not end with the separator");
            }
            texts.removeLast();
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            if (lines.size() != texts.size()) {
                throw new IllegalStateException(inp + " has " + texts.size() + " cases but " + out + " has "
                        + lines.size() + " lines");
            }
            List<Case> cases = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String line = lines.get(i).strip();
                int[] ids = line.isEmpty() ? new int[0]
                        : Arrays.stream(line.split(" +")).mapToInt(Integer::parseInt).toArray();
                cases.add(new Case(i, texts.get(i), ids));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> phi2LlamaCppCases() {
        return llamaCppCases(phi2Vectors().resolve("ggml-vocab-phi-2.gguf.inp"),
                phi2Vectors().resolve("ggml-vocab-phi-2.gguf.out"));
    }
}
