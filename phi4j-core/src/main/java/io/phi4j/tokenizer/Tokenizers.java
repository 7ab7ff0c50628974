package io.phi4j.tokenizer;

import io.phi4j.PhiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a {@link Tokenizer} from Hugging Face files or from GGUF tokenizer metadata. Missing or malformed files
 * give a {@link PhiException} naming the file.
 */
public final class Tokenizers {
    private Tokenizers() {
    }

    /**
     * From a Hugging Face model directory: {@code tokenizer.json} if present, otherwise {@code vocab.json} +
     * {@code merges.txt} (+ {@code added_tokens.json}). BOS/EOS come from {@code tokenizer_config.json} or
     * {@code special_tokens_map.json} when present.
     */
    public static Tokenizer fromHuggingFaceDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PhiException(dir + ": not a directory");
        }
        Path json = dir.resolve("tokenizer.json");
        if (Files.isRegularFile(json)) {
            return HfTokenizerJsonLoader.load(json, HfSpecialTokens.read(dir));
        }
        if (Files.isRegularFile(dir.resolve("vocab.json")) || Files.isRegularFile(dir.resolve("merges.txt"))) {
            return HfVocabMergesLoader.load(dir);
        }
        throw new PhiException(dir + ": no tokenizer.json (or vocab.json + merges.txt) in this directory");
    }

    /**
     * From a {@code tokenizer.json} file alone. With no config file to declare BOS/EOS, {@code <|endoftext|>}
     * is taken for both when present (the GPT-2 family convention).
     */
    public static Tokenizer fromTokenizerJson(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new PhiException(tokenizerJson + ": file not found");
        }
        return HfTokenizerJsonLoader.load(tokenizerJson, HfSpecialTokens.none());
    }

    /**
     * From the slow-tokenizer files of a Hugging Face directory ({@code vocab.json}, {@code merges.txt},
     * optional {@code added_tokens.json}, {@code tokenizer_config.json}, {@code special_tokens_map.json}),
     * ignoring any {@code tokenizer.json}.
     */
    public static Tokenizer fromVocabAndMerges(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PhiException(dir + ": not a directory");
        }
        return HfVocabMergesLoader.load(dir);
    }

    /**
     * From GGUF tokenizer metadata, already read from the file (model {@code gpt2}, pre-tokenizer {@code phi-2}
     * or {@code gpt-2}).
     *
     * @param tokens {@code tokenizer.ggml.tokens}: piece strings by id (byte-level spelling; added tokens
     *     literal). llama.cpp's converter pads Phi-2 to 51200 entries with UNUSED {@code [PADnnnnn]} tokens.
     * @param merges {@code tokenizer.ggml.merges}: {@code "left right"} strings by rank
     * @param tokenTypes {@code tokenizer.ggml.token_type} (1 normal, 2 unknown, 3 control, 4 user-defined,
     *     5 unused, 6 byte), or null if the file has none (all normal)
     * @param bos {@code tokenizer.ggml.bos_token_id}, or -1 if absent
     * @param eos {@code tokenizer.ggml.eos_token_id}, or -1 if absent
     */
    public static Tokenizer fromGguf(List<String> tokens, List<String> merges, int[] tokenTypes, int bos, int eos) {
        String source = "GGUF tokenizer";
        if (tokens == null || tokens.isEmpty()) {
            throw new PhiException(source + ": tokenizer.ggml.tokens is missing or empty");
        }
        if (tokens.size() > JsonFiles.MAX_TOKEN_ID + 1) {
            throw new PhiException(source + ": " + tokens.size() + " tokens is more than supported ("
                    + (JsonFiles.MAX_TOKEN_ID + 1) + ")");
        }
        if (merges == null) {
            throw new PhiException(source + ": tokenizer.ggml.merges is missing (needed for a BPE vocabulary)");
        }
        if (tokenTypes != null && tokenTypes.length != tokens.size()) {
            throw new PhiException(source + ": tokenizer.ggml.token_type has " + tokenTypes.length
                    + " entries but there are " + tokens.size() + " tokens");
        }
        List<TokenType> types = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) == null) {
                throw new PhiException(source + ": tokenizer.ggml.tokens[" + i + "] is null");
            }
            TokenType type = tokenTypes == null ? TokenType.NORMAL : TokenType.fromCode(tokenTypes[i]);
            if (type == null) {
                throw new PhiException(source + ": tokenizer.ggml.token_type[" + i + "] = " + tokenTypes[i]
                        + " is not a known token type (1..6)");
            }
            types.add(type);
        }
        checkSpecialId(source, "bos", bos, tokens.size());
        checkSpecialId(source, "eos", eos, tokens.size());
        List<BpeTokenizer.Merge> mergeList = new ArrayList<>(merges.size());
        for (int i = 0; i < merges.size(); i++) {
            String where = source + ": tokenizer.ggml.merges[" + i + "]";
            String line = merges.get(i);
            String[] pair = line == null ? null : MergeLines.split(line);
            if (pair == null) {
                throw new PhiException(where + ": \"" + (line == null ? "null" : JsonFiles.abbreviate(line))
                        + "\" is not two tokens separated by a space");
            }
            mergeList.add(new BpeTokenizer.Merge(pair[0], pair[1], where));
        }
        return new BpeTokenizer(new Vocabulary(tokens, types), mergeList, bos, eos, false);
    }

    private static void checkSpecialId(String source, String name, int id, int size) {
        if (id < -1 || id >= size) {
            throw new PhiException(source + ": tokenizer.ggml." + name + "_token_id " + id
                    + " is not a token id (0.." + (size - 1) + ")");
        }
    }
}
