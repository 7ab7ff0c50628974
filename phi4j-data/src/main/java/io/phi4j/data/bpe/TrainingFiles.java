package io.phi4j.data.bpe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.phi4j.PhiException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
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
    private static final int BLOCK = 1 << 20;
    private static final int MAX_UNCUT = 64 << 20;
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

    /**
     * Streams a text file in blocks, each cut just after a newline that is followed by a visible ASCII character.
     * The GPT-2 split is the same on both sides of such a cut as in the whole text (the newline ends a whitespace
     * run either way, and the next word starts fresh), and {@code <|endoftext|>} is never cut in two.
     */
    private static void readText(Path f, WordCounts counts) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader r = new InputStreamReader(Files.newInputStream(f), utf8)) {
            char[] buf = new char[BLOCK];
            StringBuilder pending = new StringBuilder();
            for (int n; (n = r.read(buf)) > 0; ) {
                pending.append(buf, 0, n);
                int cut = lastCut(pending);
                if (cut > 0) {
                    counts.addText(pending.substring(0, cut));
                    pending.delete(0, cut);
                } else if (pending.length() > MAX_UNCUT) {
                    throw new PhiException(f + ": no line break in " + MAX_UNCUT + " characters; is this a text file?");
                }
            }
            counts.addText(pending.toString());
        } catch (NoSuchFileException e) {
            throw new PhiException(f + ": file not found");
        } catch (CharacterCodingException e) {
            throw new PhiException(f + ": not UTF-8 text");
        } catch (IOException e) {
            throw new PhiException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Index just after the last newline that is followed by a visible ASCII character, or 0. */
    static int lastCut(CharSequence s) {
        for (int i = s.length() - 2; i >= 0; i--) {
            char next = s.charAt(i + 1);
            if (s.charAt(i) == '\n' && next > ' ' && next < 0x7F) {
                return i + 1;
            }
        }
        return 0;
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
