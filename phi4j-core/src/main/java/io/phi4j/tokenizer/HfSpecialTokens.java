package io.phi4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The special-token declarations of a Hugging Face tokenizer directory: {@code bos_token}/{@code eos_token} and
 * the other special tokens, from {@code tokenizer_config.json} (preferred, as transformers reads it) or
 * {@code special_tokens_map.json}. Both files are optional.
 */
record HfSpecialTokens(String bos, String eos, Set<String> specialContents) {

    static final String GPT2_END_OF_TEXT = "<|endoftext|>";

    static HfSpecialTokens read(Path dir) {
        String bos = null;
        String eos = null;
        Set<String> specials = new LinkedHashSet<>();
        for (String name : new String[] {"tokenizer_config.json", "special_tokens_map.json"}) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode root = JsonFiles.read(file);
            if (bos == null) {
                bos = JsonFiles.tokenContent(root.get("bos_token"));
            }
            if (eos == null) {
                eos = JsonFiles.tokenContent(root.get("eos_token"));
            }
            for (String key : new String[] {"bos_token", "eos_token", "unk_token", "pad_token", "sep_token",
                    "cls_token", "mask_token"}) {
                String content = JsonFiles.tokenContent(root.get(key));
                if (content != null) {
                    specials.add(content);
                }
            }
            JsonNode additional = root.get("additional_special_tokens");
            if (additional != null && additional.isArray()) {
                for (JsonNode n : additional) {
                    String content = JsonFiles.tokenContent(n);
                    if (content != null) {
                        specials.add(content);
                    }
                }
            }
        }
        return new HfSpecialTokens(bos, eos, specials);
    }

    /** Nothing declared: a lone tokenizer.json. */
    static HfSpecialTokens none() {
        return new HfSpecialTokens(null, null, Set.of());
    }

    /**
     * Resolves BOS or EOS to an id. When no file declares it, GPT-2-family tokenizers (Phi among them) use
     * {@code <|endoftext|>} for both, so that token is taken if present. -1 when the token is not in the vocabulary.
     */
    static int resolve(String declared, Vocabulary vocab) {
        return vocab.idOf(declared != null ? declared : GPT2_END_OF_TEXT);
    }
}
