package io.phi4j.tokenizer;

import io.phi4j.PhiException;
import io.phi4j.format.gguf.GgufMetadata;
import io.phi4j.format.gguf.GgufValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE tokenizer as GGUF stores it ({@code tokenizer.ggml.*}): the token strings padded to the model's
 * vocabulary size, their types, the merges and the special-token ids. It is what llama.cpp's
 * {@code convert_hf_to_gguf.py} writes for Phi ({@code _set_vocab_gpt2} plus gguf-py's {@code SpecialVocab}), and
 * what phi4j writes back to Hugging Face files ({@link HfTokenizerFiles}).
 *
 * @param pre          {@code tokenizer.ggml.pre}: the pre-tokenizer llama.cpp applies ({@code phi-2} or {@code gpt-2})
 * @param tokens       token strings by id, Hugging Face spelling; ids without a token are {@code [PADn]}
 * @param tokenTypes   {@link TokenType} codes by id
 * @param merges       {@code "left right"} by rank
 * @param specialIds   special-token ids by gguf-py type name ({@code bos}, {@code eos}, {@code unk}, {@code sep},
 *                     {@code pad}, {@code cls}, {@code mask}), in the order gguf-py writes them
 * @param addSpecial   {@code add_<type>_token} flags declared by the tokenizer config (often empty)
 * @param chatTemplate {@code tokenizer.chat_template}, or null
 */
public record GgufVocab(String pre, List<String> tokens, int[] tokenTypes, List<String> merges,
                        Map<String, Integer> specialIds, Map<String, Boolean> addSpecial, String chatTemplate) {

    /** gguf-py's names for the special-token id keys (note llama.cpp's spellings "unknown", "seperator"). */
    private static final Map<String, String> ID_KEYS = Map.of(
            "bos", "tokenizer.ggml.bos_token_id",
            "eos", "tokenizer.ggml.eos_token_id",
            "unk", "tokenizer.ggml.unknown_token_id",
            "sep", "tokenizer.ggml.seperator_token_id",
            "pad", "tokenizer.ggml.padding_token_id",
            "cls", "tokenizer.ggml.cls_token_id",
            "mask", "tokenizer.ggml.mask_token_id");
    /** SpecialVocab's default {@code special_token_types}, in its order. */
    static final List<String> SPECIAL_TYPES = List.of("bos", "eos", "unk", "sep", "pad", "cls", "mask");

    public GgufVocab {
        tokens = List.copyOf(tokens);
        tokenTypes = tokenTypes.clone();
        merges = List.copyOf(merges);
        specialIds = Collections.unmodifiableMap(new LinkedHashMap<>(specialIds));
        addSpecial = Collections.unmodifiableMap(new LinkedHashMap<>(addSpecial));
        if (tokenTypes.length != tokens.size()) {
            throw new IllegalArgumentException(tokenTypes.length + " token types for " + tokens.size() + " tokens");
        }
    }

    @Override
    public int[] tokenTypes() {
        return tokenTypes.clone();
    }

    public int size() {
        return tokens.size();
    }

    /** The id of a special token type ("bos", "eos", ...), or -1. */
    public int specialId(String type) {
        Integer id = specialIds.get(type);
        return id == null ? -1 : id;
    }

    /**
     * Reads the tokenizer files of a Hugging Face directory as llama.cpp's converter does, padding the token list
     * to {@code vocabSize} (the model's embedding rows) with {@code [PADn]} entries of type UNUSED. The
     * pre-tokenizer name comes from the converter's check-text hash; a vocabulary it does not know (an edited one)
     * is named after its tokenizer class ({@code phi-2} for CodeGen, else {@code gpt-2}), which llama.cpp treats
     * alike.
     */
    public static GgufVocab fromHuggingFaceDir(Path dir, int vocabSize) {
        return HfVocabReader.read(dir, vocabSize);
    }

    /** Reads {@code tokenizer.ggml.*} from GGUF metadata; empty if the file has no tokenizer. */
    public static java.util.Optional<GgufVocab> fromGguf(GgufMetadata meta) {
        if (meta.optionalString("tokenizer.ggml.model").isEmpty()) {
            return java.util.Optional.empty();
        }
        String model = meta.getString("tokenizer.ggml.model");
        if (!model.equals("gpt2")) {
            throw new PhiException("tokenizer model '" + model + "' is not supported (Phi uses 'gpt2' byte-level BPE)");
        }
        List<String> tokens = meta.getStringArray("tokenizer.ggml.tokens");
        int[] types = meta.optionalIntArray("tokenizer.ggml.token_type").orElseGet(() -> {
            int[] t = new int[tokens.size()];
            java.util.Arrays.fill(t, TokenType.NORMAL.code());
            return t;
        });
        if (types.length != tokens.size()) {
            throw new PhiException("tokenizer.ggml.token_type has " + types.length + " entries but there are "
                    + tokens.size() + " tokens");
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String type : SPECIAL_TYPES) {
            meta.optionalInt(ID_KEYS.get(type)).ifPresent(id -> ids.put(type, id));
        }
        Map<String, Boolean> add = new LinkedHashMap<>();
        for (String type : SPECIAL_TYPES) {
            meta.optionalBoolean("tokenizer.ggml.add_" + type + "_token").ifPresent(b -> add.put(type, b));
        }
        return java.util.Optional.of(new GgufVocab(meta.optionalString("tokenizer.ggml.pre").orElse("default"),
                tokens, types, meta.optionalStringArray("tokenizer.ggml.merges").orElse(List.of()), ids, add,
                meta.optionalString("tokenizer.chat_template").orElse(null)));
    }

    /**
     * Adds the tokenizer keys in the order llama.cpp's converter writes them: model, pre, tokens, token types,
     * merges, special-token ids, add-token flags, chat template. {@code tokenizer.ggml.add_bos_token} is written
     * by the Phi converter before these (see {@code PhiGgufMetadata}), so it is skipped here unless declared.
     */
    public void addTo(Map<String, GgufValue> meta) {
        meta.put("tokenizer.ggml.model", GgufValue.string("gpt2"));
        meta.put("tokenizer.ggml.pre", GgufValue.string(pre));
        meta.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens));
        meta.put("tokenizer.ggml.token_type", GgufValue.int32Array(tokenTypes));
        if (!merges.isEmpty()) {
            meta.put("tokenizer.ggml.merges", GgufValue.stringArray(merges));
        }
        specialIds.forEach((type, id) -> meta.put(ID_KEYS.get(type), GgufValue.uint32(id)));
        // gguf-py overwrites a key in place, so an add_bos_token already written keeps its position.
        addSpecial.forEach((type, b) -> meta.put("tokenizer.ggml.add_" + type + "_token", GgufValue.bool(b)));
        if (chatTemplate != null) {
            meta.put("tokenizer.chat_template", GgufValue.string(chatTemplate));
        }
    }

    /** A {@link Tokenizer} over this vocabulary (the one phi4j builds from a GGUF file). */
    public Tokenizer tokenizer() {
        return Tokenizers.fromGguf(tokens, merges, tokenTypes, specialId("bos"), specialId("eos"));
    }

    /** Ids of the tokens Hugging Face files list (everything but UNUSED padding), in id order. */
    List<Integer> realIds() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokenTypes[i] != TokenType.UNUSED.code()) {
                ids.add(i);
            }
        }
        return ids;
    }
}
