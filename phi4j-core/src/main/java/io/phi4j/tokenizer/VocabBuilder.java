package io.phi4j.tokenizer;

import io.phi4j.PhiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects (id, piece, type) entries from a loader and checks them before building a {@link Vocabulary}. */
final class VocabBuilder {
    private String[] pieces = new String[1024];
    private TokenType[] types = new TokenType[1024];
    private int size;

    /**
     * Puts a token at an id. An added token may restate or override a model-vocabulary entry with the same id
     * (Hugging Face's added vocabulary takes precedence when decoding), so a later put replaces an earlier one.
     */
    void put(int id, String piece, TokenType type) {
        if (id < 0 || id > JsonFiles.MAX_TOKEN_ID) {
            throw new IllegalArgumentException("token id out of range: " + id);
        }
        if (id >= pieces.length) {
            int cap = Math.max(id + 1, pieces.length * 2);
            pieces = Arrays.copyOf(pieces, cap);
            types = Arrays.copyOf(types, cap);
        }
        pieces[id] = piece;
        types[id] = type;
        size = Math.max(size, id + 1);
    }

    String piece(int id) {
        return id < size ? pieces[id] : null;
    }

    int size() {
        return size;
    }

    /** The vocabulary; ids nobody used become UNUSED entries with an empty piece. */
    Vocabulary build(String source) {
        if (size == 0) {
            throw new PhiException(source + ": the vocabulary is empty");
        }
        List<String> p = new ArrayList<>(size);
        List<TokenType> t = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            p.add(pieces[i]);
            t.add(types[i]);
        }
        return new Vocabulary(p, t);
    }
}
