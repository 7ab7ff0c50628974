package io.phi4j.data.bpe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.phi4j.PhiException;
import io.phi4j.format.safetensors.AtomicFile;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trained tokenizer in the Hugging Face layout of GPT-2 and Phi: {@code tokenizer.json} (fast tokenizer:
 * BPE model, ByteLevel pre-tokenizer/decoder/post-processor, {@code <|endoftext|>} as a special added token),
 * {@code vocab.json} + {@code merges.txt} (slow tokenizer), {@code tokenizer_config.json} and
 * {@code special_tokens_map.json} ({@code <|endoftext|>} as BOS, EOS and UNK, as GPT-2 declares it).
 */
public final class HfTokenizerWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private HfTokenizerWriter() {
    }

    public static void write(BpeTrainer.Result r, Path dir, int modelMaxLength) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PhiException(dir + ": cannot create directory: " + e.getMessage(), e);
        }
        AtomicFile.writeString(dir.resolve("vocab.json"), json(g -> vocab(g, r)));
        StringBuilder merges = new StringBuilder("#version: 0.2\n");
        for (String[] m : r.merges()) {
            merges.append(m[0]).append(' ').append(m[1]).append('\n');
        }
        AtomicFile.writeString(dir.resolve("merges.txt"), merges.toString());
        AtomicFile.writeString(dir.resolve("tokenizer.json"), json(g -> tokenizerJson(g, r)));
        AtomicFile.writeString(dir.resolve("tokenizer_config.json"), json(g -> config(g, r, modelMaxLength)));
        AtomicFile.writeString(dir.resolve("special_tokens_map.json"), json(HfTokenizerWriter::specialMap));
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            body.write(g);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return w + "\n";
    }

    private static void vocab(JsonGenerator g, BpeTrainer.Result r) throws IOException {
        g.writeStartObject();
        for (int id = 0; id < r.pieces().size(); id++) {
            g.writeNumberField(r.pieces().get(id), id);
        }
        g.writeEndObject();
    }

    private static void byteLevel(JsonGenerator g, String field, boolean addPrefixSpace, boolean trimOffsets)
            throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("type", "ByteLevel");
        g.writeBooleanField("add_prefix_space", addPrefixSpace);
        g.writeBooleanField("trim_offsets", trimOffsets);
        g.writeBooleanField("use_regex", true);
        g.writeEndObject();
    }

    private static void addedToken(JsonGenerator g, boolean withId, int id) throws IOException {
        if (withId) {
            g.writeNumberField("id", id);
        }
        g.writeStringField("content", WordCounts.END_OF_TEXT);
        g.writeBooleanField("single_word", false);
        g.writeBooleanField("lstrip", false);
        g.writeBooleanField("rstrip", false);
        g.writeBooleanField("normalized", false);
        g.writeBooleanField("special", true);
    }

    /** The same shape as GPT-2's and Phi-2's tokenizer.json. */
    private static void tokenizerJson(JsonGenerator g, BpeTrainer.Result r) throws IOException {
        g.writeStartObject();
        g.writeStringField("version", "1.0");
        g.writeNullField("truncation");
        g.writeNullField("padding");
        g.writeArrayFieldStart("added_tokens");
        g.writeStartObject();
        addedToken(g, true, r.endOfTextId());
        g.writeEndObject();
        g.writeEndArray();
        g.writeNullField("normalizer");
        byteLevel(g, "pre_tokenizer", false, true);
        byteLevel(g, "post_processor", true, false);
        byteLevel(g, "decoder", true, true);
        g.writeObjectFieldStart("model");
        g.writeStringField("type", "BPE");
        g.writeNullField("dropout");
        g.writeNullField("unk_token");
        g.writeStringField("continuing_subword_prefix", "");
        g.writeStringField("end_of_word_suffix", "");
        g.writeBooleanField("fuse_unk", false);
        g.writeBooleanField("byte_fallback", false);
        g.writeBooleanField("ignore_merges", false);
        g.writeFieldName("vocab");
        vocab(g, r); // GPT-2's and Phi-2's model vocab list <|endoftext|> too
        g.writeArrayFieldStart("merges");
        for (String[] m : r.merges()) {
            g.writeString(m[0] + " " + m[1]);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void config(JsonGenerator g, BpeTrainer.Result r, int modelMaxLength) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("add_prefix_space", false);
        g.writeObjectFieldStart("added_tokens_decoder");
        g.writeObjectFieldStart(Integer.toString(r.endOfTextId()));
        addedToken(g, false, 0);
        g.writeEndObject();
        g.writeEndObject();
        g.writeStringField("bos_token", WordCounts.END_OF_TEXT);
        g.writeBooleanField("clean_up_tokenization_spaces", false);
        g.writeStringField("eos_token", WordCounts.END_OF_TEXT);
        g.writeNumberField("model_max_length", modelMaxLength);
        g.writeStringField("tokenizer_class", "GPT2Tokenizer");
        g.writeStringField("unk_token", WordCounts.END_OF_TEXT);
        g.writeEndObject();
    }

    private static void specialMap(JsonGenerator g) throws IOException {
        g.writeStartObject();
        for (String key : new String[] {"bos_token", "eos_token", "unk_token"}) {
            g.writeObjectFieldStart(key);
            g.writeStringField("content", WordCounts.END_OF_TEXT);
            g.writeBooleanField("lstrip", false);
            g.writeBooleanField("normalized", false);
            g.writeBooleanField("rstrip", false);
            g.writeBooleanField("single_word", false);
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
