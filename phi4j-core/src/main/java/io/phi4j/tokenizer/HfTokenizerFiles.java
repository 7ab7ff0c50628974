package io.phi4j.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phi4j.PhiException;
import io.phi4j.format.safetensors.AtomicFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Hugging Face tokenizer files of a byte-level BPE vocabulary so that transformers'
 * {@code AutoTokenizer.from_pretrained} (and phi4j) load it: {@code tokenizer.json} (the fast tokenizer, in the
 * layout of microsoft/phi-2's), {@code vocab.json} + {@code merges.txt} + {@code added_tokens.json} (the slow one),
 * {@code tokenizer_config.json} and {@code special_tokens_map.json}. Also copies the Phi-2 tokenizer that ships
 * inside phi4j.
 */
public final class HfTokenizerFiles {
    /** The Phi-2 (CodeGen) tokenizer files bundled as resources. */
    public static final List<String> PHI2_FILES = List.of("tokenizer.json", "vocab.json", "merges.txt",
            "added_tokens.json", "special_tokens_map.json", "tokenizer_config.json");
    private static final String PHI2_RESOURCE_DIR = "/io/phi4j/tokenizer/phi-2/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfTokenizerFiles() {
    }

    /** Copies microsoft/phi-2's tokenizer files (also Phi-1's and Phi-1.5's) into {@code dir}. */
    public static List<Path> copyPhi2(Path dir) {
        List<Path> written = new ArrayList<>();
        for (String name : PHI2_FILES) {
            byte[] bytes = phi2Resource(name);
            Path target = dir.resolve(name);
            AtomicFile.write(target, ch -> ch.write(java.nio.ByteBuffer.wrap(bytes)));
            written.add(target);
        }
        return written;
    }

    /** The bytes of a bundled Phi-2 tokenizer file. */
    public static byte[] phi2Resource(String name) {
        try (InputStream in = HfTokenizerFiles.class.getResourceAsStream(PHI2_RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + PHI2_RESOURCE_DIR + name + " is missing from the phi4j jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new PhiException("cannot read the bundled tokenizer file " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bundled Phi-2 tokenizer as GGUF stores it, padded to {@code vocabSize} tokens (51200 for every Phi
     * model), exactly what llama.cpp's converter writes for microsoft/phi-2.
     */
    public static GgufVocab phi2Vocab(int vocabSize) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("phi4j-tokenizer");
            copyPhi2(tmp);
            return GgufVocab.fromHuggingFaceDir(tmp, vocabSize);
        } catch (IOException e) {
            throw new PhiException("cannot unpack the bundled tokenizer: " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }

    /**
     * Writes {@code vocab}'s tokenizer files into {@code dir}. Normal and special tokens go to the BPE vocabulary,
     * user-defined ones (Phi-2's runs of spaces and tabs) are added tokens, padding entries are left out.
     *
     * @param contextLength {@code model_max_length}
     */
    public static List<Path> write(GgufVocab vocab, Path dir, int contextLength) {
        List<String> tokens = vocab.tokens();
        int[] types = vocab.tokenTypes();
        Map<String, Integer> bpeVocab = new LinkedHashMap<>();
        Map<String, Integer> addedUser = new LinkedHashMap<>();
        List<Map<String, Object>> addedTokens = new ArrayList<>();
        Map<String, Object> addedDecoder = new LinkedHashMap<>();
        for (int id : vocab.realIds()) {
            TokenType type = TokenType.fromCode(types[id]);
            String text = tokens.get(id);
            if (type == TokenType.USER_DEFINED) {
                addedUser.put(text, id);
            } else {
                bpeVocab.put(text, id);
            }
            if (type == TokenType.USER_DEFINED || type.isSpecial()) {
                boolean special = type.isSpecial();
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("id", id);
                t.put("content", text);
                t.put("single_word", false);
                t.put("lstrip", false);
                t.put("rstrip", false);
                t.put("normalized", !special);
                t.put("special", special);
                addedTokens.add(t);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("content", text);
                d.put("lstrip", false);
                d.put("normalized", !special);
                d.put("rstrip", false);
                d.put("single_word", false);
                d.put("special", special);
                addedDecoder.put(Integer.toString(id), d);
            }
        }
        List<Path> written = new ArrayList<>();
        written.add(writeJson(dir.resolve("tokenizer.json"), tokenizerJson(vocab, bpeVocab, addedTokens)));
        written.add(writeJson(dir.resolve("vocab.json"), bpeVocab));
        Path merges = dir.resolve("merges.txt");
        StringBuilder m = new StringBuilder("#version: 0.2\n");
        for (String merge : vocab.merges()) {
            m.append(merge).append('\n');
        }
        AtomicFile.writeString(merges, m.toString());
        written.add(merges);
        if (!addedUser.isEmpty()) {
            written.add(writeJson(dir.resolve("added_tokens.json"), addedUser));
        }
        Map<String, Object> specialMap = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("add_prefix_space", false);
        config.put("added_tokens_decoder", addedDecoder);
        for (String type : GgufVocab.SPECIAL_TYPES) {
            int id = vocab.specialId(type);
            if (id < 0 || id >= tokens.size()) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("content", tokens.get(id));
            entry.put("lstrip", false);
            entry.put("normalized", false);
            entry.put("rstrip", false);
            entry.put("single_word", false);
            specialMap.put(type + "_token", entry);
            config.put(type + "_token", tokens.get(id));
        }
        vocab.addSpecial().forEach((type, b) -> config.put("add_" + type + "_token", b));
        if (vocab.chatTemplate() != null) {
            config.put("chat_template", vocab.chatTemplate());
        }
        config.put("clean_up_tokenization_spaces", false);
        config.put("model_max_length", contextLength);
        // Phi's tokenizer class is CodeGen's (GPT-2's vocabulary with added whitespace tokens).
        config.put("tokenizer_class", vocab.pre().equals("phi-2") ? "CodeGenTokenizer" : "GPT2Tokenizer");
        written.add(writeJson(dir.resolve("tokenizer_config.json"), config));
        written.add(writeJson(dir.resolve("special_tokens_map.json"), specialMap));
        return written;
    }

    /** tokenizer.json of a GPT-2-style byte-level BPE, with the settings of microsoft/phi-2's file. */
    private static Map<String, Object> tokenizerJson(GgufVocab vocab, Map<String, Integer> bpeVocab,
                                                     List<Map<String, Object>> addedTokens) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", null);
        root.put("padding", null);
        root.put("added_tokens", addedTokens);
        root.put("normalizer", null);
        root.put("pre_tokenizer", byteLevel(false, true));
        root.put("post_processor", byteLevel(true, false));
        root.put("decoder", byteLevel(true, true));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("dropout", null);
        model.put("unk_token", null);
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("vocab", bpeVocab);
        model.put("merges", vocab.merges());
        root.put("model", model);
        return root;
    }

    private static Map<String, Object> byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "ByteLevel");
        m.put("add_prefix_space", addPrefixSpace);
        m.put("trim_offsets", trimOffsets);
        m.put("use_regex", true);
        return m;
    }

    private static Path writeJson(Path file, Object value) {
        try {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            String text = JSON.writer(pp).writeValueAsString(value) + "\n";
            AtomicFile.writeString(file, text);
            return file;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
