package io.phi4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the "slow tokenizer" layout of a Hugging Face directory: {@code vocab.json} + {@code merges.txt}, with
 * the optional {@code added_tokens.json} (content → id), {@code tokenizer_config.json} ({@code
 * added_tokens_decoder} with each added token's {@code special} flag, {@code add_prefix_space}) and
 * {@code special_tokens_map.json}. A token is special (CONTROL) if {@code added_tokens_decoder} says so or it
 * is one of the declared bos/eos/unk/pad/... tokens; other added tokens are USER_DEFINED.
 */
final class HfVocabMergesLoader {
    private HfVocabMergesLoader() {
    }

    static Tokenizer load(Path dir) {
        HfSpecialTokens declared = HfSpecialTokens.read(dir);
        Path vocabFile = dir.resolve("vocab.json");
        Path mergesFile = dir.resolve("merges.txt");
        requireFile(vocabFile);
        requireFile(mergesFile);

        VocabBuilder builder = new VocabBuilder();
        JsonNode vocab = JsonFiles.read(vocabFile);
        if (!vocab.isObject()) {
            throw new PhiException(vocabFile + ": expected a JSON object of token → id");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = JsonFiles.tokenId(e.getValue(), vocabFile, "\"" + JsonFiles.abbreviate(e.getKey()) + "\"");
            TokenType type = declared.specialContents().contains(e.getKey()) ? TokenType.CONTROL : TokenType.NORMAL;
            builder.put(id, e.getKey(), type);
        }

        Path addedFile = dir.resolve("added_tokens.json");
        if (Files.isRegularFile(addedFile)) {
            JsonNode added = JsonFiles.read(addedFile);
            if (!added.isObject()) {
                throw new PhiException(addedFile + ": expected a JSON object of token → id");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = added.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int id = JsonFiles.tokenId(e.getValue(), addedFile, "\"" + JsonFiles.abbreviate(e.getKey()) + "\"");
                boolean special = declared.specialContents().contains(e.getKey());
                builder.put(id, e.getKey(), special ? TokenType.CONTROL : TokenType.USER_DEFINED);
            }
        }

        boolean addPrefixSpace = false;
        Path configFile = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(configFile)) {
            JsonNode config = JsonFiles.read(configFile);
            addPrefixSpace = config.path("add_prefix_space").asBoolean(false);
            JsonNode decoder = config.get("added_tokens_decoder");
            if (decoder != null && decoder.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = decoder.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String where = "added_tokens_decoder \"" + JsonFiles.abbreviate(e.getKey()) + "\"";
                    int id;
                    try {
                        id = Integer.parseInt(e.getKey());
                    } catch (NumberFormatException ex) {
                        throw new PhiException(configFile + ": " + where + ": key is not a token id");
                    }
                    if (id < 0 || id > JsonFiles.MAX_TOKEN_ID) {
                        throw new PhiException(configFile + ": " + where + ": token id out of range");
                    }
                    String content = JsonFiles.tokenContent(e.getValue());
                    if (content == null) {
                        throw new PhiException(configFile + ": " + where + ": missing \"content\" string");
                    }
                    boolean special = e.getValue().path("special").asBoolean(false)
                            || declared.specialContents().contains(content);
                    builder.put(id, content, special ? TokenType.CONTROL : TokenType.USER_DEFINED);
                }
            }
        }

        Vocabulary vocabulary = builder.build(vocabFile.toString());
        List<BpeTokenizer.Merge> merges = readMergesTxt(mergesFile);
        return new BpeTokenizer(vocabulary, merges,
                HfSpecialTokens.resolve(declared.bos(), vocabulary),
                HfSpecialTokens.resolve(declared.eos(), vocabulary), addPrefixSpace);
    }

    /** merges.txt: an optional {@code #version} header, then one {@code "left right"} pair per line, by rank. */
    private static List<BpeTokenizer.Merge> readMergesTxt(Path file) {
        List<String> lines = JsonFiles.readLines(file);
        List<BpeTokenizer.Merge> merges = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty() || line.startsWith("#version")) {
                continue;
            }
            String where = file + ": line " + (i + 1);
            String[] pair = MergeLines.split(line);
            if (pair == null) {
                throw new PhiException(where + ": \"" + JsonFiles.abbreviate(line)
                        + "\" is not two tokens separated by a space");
            }
            merges.add(new BpeTokenizer.Merge(pair[0], pair[1], where));
        }
        return merges;
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PhiException(file + ": file not found");
        }
    }
}
