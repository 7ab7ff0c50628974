package io.phi4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the tokenizer files of a Hugging Face directory into {@link GgufVocab} the way llama.cpp's
 * {@code convert_hf_to_gguf.py} does for Phi: {@code get_vocab_base} for tokens and types, gguf-py's
 * {@code SpecialVocab(load_merges=True)} for merges, special-token ids and add-token flags.
 */
final class HfVocabReader {
    private HfVocabReader() {
    }

    static GgufVocab read(Path dir, int vocabSize) {
        Tokenizer tok = Tokenizers.fromHuggingFaceDir(dir);
        if (tok.vocabSize() > vocabSize) {
            // convert_hf_to_gguf: assert max(tokenizer.vocab.values()) < vocab_size
            throw new PhiException(dir + ": the tokenizer has " + tok.vocabSize() + " tokens but the model's vocab_size is "
                    + vocabSize);
        }
        JsonNode tokenizerJson = readOptional(dir.resolve("tokenizer.json"));
        JsonNode tokenizerConfig = readOptional(dir.resolve("tokenizer_config.json"));
        String pre = PreTokenizerNames.nameOf(tok);
        if (pre == null) {
            // llama.cpp's converter gives up on a vocabulary it has no hash for. Every tokenizer phi4j loads is a
            // byte-level BPE with GPT-2's split regex, which llama.cpp applies for both "phi-2" and "gpt-2"; name it
            // after its tokenizer class (CodeGen for the Phi family), so edited Phi vocabularies still convert.
            String cls = tokenizerConfig == null ? "" : tokenizerConfig.path("tokenizer_class").asText("");
            pre = cls.startsWith("CodeGenTokenizer") ? "phi-2" : "gpt-2";
        }
        List<String> tokens = new ArrayList<>(vocabSize);
        int[] types = new int[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            TokenType type = i < tok.vocabSize() ? tok.tokenType(i) : TokenType.UNUSED;
            String piece = tok.tokenPiece(i);
            switch (type) {
                case UNUSED -> {
                    tokens.add("[PAD" + i + "]");
                }
                case USER_DEFINED -> {
                    if (looksSpecial(piece)) {
                        type = TokenType.CONTROL;
                        tokens.add(piece);
                    } else {
                        tokens.add(piece.replace("\u2581", " ")); // pre-normalize user-defined spaces (Gemma)
                    }
                }
                default -> tokens.add(piece);
            }
            types[i] = type.code();
        }
        List<String> merges = tokenizerJson != null ? mergesOf(tokenizerJson) : List.of();
        if (merges.isEmpty()) {
            merges = mergesTxt(dir.resolve("merges.txt"));
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        Map<String, Boolean> add = new LinkedHashMap<>();
        String chatTemplate = null;
        if (tokenizerConfig != null && tokenizerConfig.isObject()) {
            JsonNode template = tokenizerConfig.get("chat_template");
            if (template != null && template.isTextual()) {
                chatTemplate = template.asText();
            } else if (Files.isRegularFile(dir.resolve("chat_template.jinja"))) {
                chatTemplate = readString(dir.resolve("chat_template.jinja"));
            }
            JsonNode added = tokenizerJson == null ? null : tokenizerJson.get("added_tokens");
            for (String type : GgufVocab.SPECIAL_TYPES) {
                JsonNode flag = tokenizerConfig.get("add_" + type + "_token");
                if (flag != null && flag.isBoolean()) {
                    add.put(type, flag.asBoolean());
                }
                String content = JsonFiles.tokenContent(tokenizerConfig.get(type + "_token"));
                if (content == null || added == null || !added.isArray()) {
                    continue;
                }
                // SpecialVocab looks the declared content up among tokenizer.json's added tokens only.
                for (JsonNode a : added) {
                    if (content.equals(a.path("content").asText(null)) && a.path("id").isIntegralNumber()) {
                        ids.putIfAbsent(type, a.get("id").asInt());
                        break;
                    }
                }
            }
        }
        JsonNode config = readOptional(dir.resolve("config.json"));
        if (config != null && config.isObject()) {
            for (String type : GgufVocab.SPECIAL_TYPES) {
                JsonNode id = config.get(type + "_token_id");
                if (id != null && id.isIntegralNumber() && !ids.containsKey(type)) {
                    if (id.asInt() < 0) {
                        throw new PhiException(dir.resolve("config.json") + ": invalid " + type + "_token_id " + id.asInt());
                    }
                    ids.put(type, id.asInt());
                }
            }
        }
        return new GgufVocab(pre, tokens, types, merges, ids, add, chatTemplate);
    }

    /** convert_hf_to_gguf's does_token_look_special: added tokens that are special in all but name. */
    static boolean looksSpecial(String text) {
        return text.equals("<pad>") || text.equals("<mask>") || text.equals("<2mass>") || text.equals("[@BOS@]")
                || (text.startsWith("<|") && text.endsWith("|>"))
                || (text.startsWith("<\uFF5C") && text.endsWith("\uFF5C>"))
                || (text.startsWith("<unused") && text.endsWith(">"));
    }

    /** tokenizer.json's model.merges: strings as they are, pairs joined by a space (spaces inside encoded as U+0120). */
    private static List<String> mergesOf(JsonNode tokenizerJson) {
        JsonNode merges = tokenizerJson.path("model").get("merges");
        List<String> out = new ArrayList<>();
        if (merges == null || !merges.isArray() || merges.isEmpty()) {
            return out;
        }
        for (JsonNode m : merges) {
            if (m.isTextual()) {
                out.add(m.asText());
            } else if (m.isArray() && m.size() == 2) {
                out.add(encodeSpaces(m.get(0).asText()) + " " + encodeSpaces(m.get(1).asText()));
            } else {
                throw new PhiException("tokenizer.json: unknown merges format " + JsonFiles.abbreviate(m.toString()));
            }
        }
        return out;
    }

    private static String encodeSpaces(String part) {
        return part.replace(' ', (char) (' ' + 256));
    }

    /** gguf-py's _try_load_merges_txt: skip a first line starting with '#', strip, keep lines of exactly two fields. */
    private static List<String> mergesTxt(Path file) {
        List<String> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        List<String> lines = JsonFiles.readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if ((i == 0 && line.startsWith("#")) || line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length == 2) {
                out.add(parts[0] + " " + parts[1]);
            }
        }
        return out;
    }

    private static JsonNode readOptional(Path file) {
        return Files.isRegularFile(file) ? JsonFiles.read(file) : null;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + JsonFiles.describe(e), e);
        }
    }
}
