package io.phi4j.cli;

import io.phi4j.PhiException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Input text from {@code --text}, {@code --file} or standard input (strict UTF-8). */
final class TextInput {
    @Option(names = {"-t", "--text"}, paramLabel = "TEXT", description = "The text.")
    String text;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the text from FILE ('-' for standard input).")
    Path file;

    /** The text, or null when neither option was given. */
    String readOrNull() {
        if (text != null && file != null) {
            throw new PhiException("give either --text or --file, not both");
        }
        if (text != null) {
            return text;
        }
        if (file == null) {
            return null;
        }
        if (file.toString().equals("-")) {
            return readStdin();
        }
        try {
            return decodeUtf8(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new PhiException("file not found: " + file);
        } catch (IOException e) {
            throw new PhiException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The text; standard input when nothing was given. */
    String read() {
        String s = readOrNull();
        return s != null ? s : readStdin();
    }

    static String readStdin() {
        try (InputStream in = System.in) {
            return decodeUtf8(in.readAllBytes(), "standard input");
        } catch (IOException e) {
            throw new PhiException("cannot read standard input: " + e.getMessage());
        }
    }

    static String decodeUtf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PhiException(what + " is not valid UTF-8 text");
        }
    }
}
