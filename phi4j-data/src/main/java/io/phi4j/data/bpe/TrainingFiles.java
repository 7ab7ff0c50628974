package io.phi4j.data.bpe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.phi4j.PhiException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads tokenizer training text: {@code .jsonl} files contribute the {@code "text"} field of each line (the corpus
 * format of {@code phi data synth}); any other file is UTF-8 text whose documents may be separated by
 * {@code <|endoftext|>}.
 */
public final class TrainingFiles {
    /** Plain-text files are read whole; larger ones should be split or converted to JSONL. */
    static final long MAX_TEXT_FILE = 1L << 30;
    private static final JsonFactory JSON = new JsonFactory();

    private TrainingFiles() {
    }

    public static WordCounts count(List<Path> files) {
        WordCounts counts = new WordCounts();
        for (Path f : files) {
            if (f.getFileName().toString().endsWith(".jsonl")) {
                readJsonl(f, counts);
            } else {
                readText(f, counts);
            }
        }
        return counts;
    }

    private static void readText(Path f, WordCounts counts) {
        try {
            long size = Files.size(f);
            if (size > MAX_TEXT_FILE) {
                throw new PhiException(f + ": " + size + " bytes is too large for a plain-text training file (limit "
                        + MAX_TEXT_FILE + "); split it or use JSONL");
            }
            byte[] bytes = Files.readAllBytes(f);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            counts.addText(text);
        } catch (NoSuchFileException e) {
            throw new PhiException(f + ": file not found");
        } catch (CharacterCodingException e) {
            throw new PhiException(f + ": not UTF-8 text");
        } catch (IOException e) {
            throw new PhiException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void readJsonl(Path f, WordCounts counts) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String text = textField(line);
                if (text == null) {
                    throw new PhiException(f + ": line " + lineNo + ": expected a JSON object with a \"text\" string");
                }
                counts.addText(text);
            }
        } catch (NoSuchFileException e) {
            throw new PhiException(f + ": file not found");
        } catch (CharacterCodingException e) {
            throw new PhiException(f + ": not UTF-8 text");
        } catch (IOException e) {
            throw new PhiException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The top-level "text" string of a JSON object, streaming past the other fields; null if absent or malformed. */
    static String textField(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String text = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("text") && v == JsonToken.VALUE_STRING) {
                    text = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            return text;
        } catch (IOException e) {
            return null;
        }
    }
}
