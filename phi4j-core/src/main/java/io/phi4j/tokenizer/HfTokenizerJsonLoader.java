package io.phi4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face {@code tokenizer.json} of a byte-level BPE model (GPT-2, CodeGen, Phi-1/1.5/2): the model
 * vocabulary and merges, the added tokens and the ByteLevel pre-tokenizer settings. Anything that would make
 * this tokenizer produce different ids (another model type, a normalizer, a non-ByteLevel pre-tokenizer) is
 * refused with a {@link PhiException} rather than silently tokenized differently.
 */
final class HfTokenizerJsonLoader {
    private HfTokenizerJsonLoader() {
    }

    static Tokenizer load(Path file, HfSpecialTokens declared) {
        JsonNode root = JsonFiles.read(file);
        JsonNode model = root.get("model");
        if (model == null || !model.isObject()) {
            throw new PhiException(file + ": missing \"model\" object");
        }
        String type = model.path("type").asText("BPE");
        if (!type.equals("BPE")) {
            throw new PhiException(file + ": model type " + type + " is not supported (only byte-level BPE)");
        }
        checkUnsupported(file, root, model);
        boolean addPrefixSpace = checkPreTokenizer(file, root.get("pre_tokenizer"));

        VocabBuilder builder = new VocabBuilder();
        JsonNode vocab = model.get("vocab");
        if (vocab == null || !vocab.isObject()) {
            throw new PhiException(file + ": missing \"model.vocab\" object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = JsonFiles.tokenId(e.getValue(), file, "model.vocab \"" + JsonFiles.abbreviate(e.getKey()) + "\"");
            builder.put(id, e.getKey(), TokenType.NORMAL);
        }
        JsonNode added = root.get("added_tokens");
        if (added != null && !added.isNull()) {
            if (!added.isArray()) {
                throw new PhiException(file + ": \"added_tokens\" is not an array");
            }
            int index = 0;
            for (JsonNode token : added) {
                String where = "added_tokens[" + index++ + "]";
                JsonNode content = token.get("content");
                if (content == null || !content.isTextual()) {
                    throw new PhiException(file + ": " + where + ": missing \"content\" string");
                }
                int id = JsonFiles.tokenId(token.get("id"), file, where);
                boolean special = token.path("special").asBoolean(false)
                        || declared.specialContents().contains(content.asText());
                builder.put(id, content.asText(), special ? TokenType.CONTROL : TokenType.USER_DEFINED);
            }
        }
        Vocabulary vocabulary = builder.build(file.toString());
        List<BpeTokenizer.Merge> merges = readMerges(file, model.get("merges"));
        return new BpeTokenizer(vocabulary, merges,
                HfSpecialTokens.resolve(declared.bos(), vocabulary),
                HfSpecialTokens.resolve(declared.eos(), vocabulary), addPrefixSpace);
    }

    /** Merges are either {@code "a b"} strings (tokenizers before 0.20) or {@code ["a", "b"]} pairs. */
    private static List<BpeTokenizer.Merge> readMerges(Path file, JsonNode merges) {
        if (merges == null || !merges.isArray()) {
            throw new PhiException(file + ": missing \"model.merges\" array");
        }
        List<BpeTokenizer.Merge> out = new ArrayList<>(merges.size());
        int index = 0;
        for (JsonNode m : merges) {
            String where = file + ": model.merges[" + index++ + "]";
            if (m.isTextual()) {
                String[] pair = MergeLines.split(m.asText());
                if (pair == null) {
                    throw new PhiException(where + ": \"" + JsonFiles.abbreviate(m.asText())
                            + "\" is not two tokens separated by a space");
                }
                out.add(new BpeTokenizer.Merge(pair[0], pair[1], where));
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                out.add(new BpeTokenizer.Merge(m.get(0).asText(), m.get(1).asText(), where));
            } else {
                throw new PhiException(where + ": expected \"a b\" or [\"a\", \"b\"], got "
                        + JsonFiles.abbreviate(m.toString()));
            }
        }
        return out;
    }

    private static void checkUnsupported(Path file, JsonNode root, JsonNode model) {
        JsonNode normalizer = root.get("normalizer");
        if (normalizer != null && !normalizer.isNull()) {
            throw new PhiException(file + ": normalizer " + normalizer.path("type").asText("?")
                    + " is not supported (byte-level BPE tokenizers have none)");
        }
        if (model.path("ignore_merges").asBoolean(false)) {
            throw new PhiException(file + ": model.ignore_merges is not supported");
        }
        if (!model.path("continuing_subword_prefix").asText("").isEmpty()
                || !model.path("end_of_word_suffix").asText("").isEmpty()) {
            throw new PhiException(file + ": subword prefixes/suffixes are not supported (not a byte-level BPE)");
        }
    }

    /** Checks for the ByteLevel pre-tokenizer with the GPT-2 regex and returns its {@code add_prefix_space}. */
    private static boolean checkPreTokenizer(Path file, JsonNode pre) {
        String type = pre == null || pre.isNull() ? "none" : pre.path("type").asText("?");
        if (!type.equals("ByteLevel")) {
            throw new PhiException(file + ": pre_tokenizer " + type
                    + " is not supported (only ByteLevel, as in GPT-2 and Phi)");
        }
        if (!pre.path("use_regex").asBoolean(true)) {
            throw new PhiException(file + ": ByteLevel pre_tokenizer with use_regex=false is not supported");
        }
        return pre.path("add_prefix_space").asBoolean(false);
    }
}
