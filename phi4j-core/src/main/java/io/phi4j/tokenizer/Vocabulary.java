package io.phi4j.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The id-indexed table of tokens: vocabulary string, kind and the bytes each stands for. Built by the loaders
 * from whichever source (tokenizer.json, vocab.json + added tokens, GGUF metadata).
 */
final class Vocabulary {
    private static final byte[] NO_BYTES = new byte[0];

    private final String[] pieces;
    private final TokenType[] types;
    private final byte[][] bytes;
    private final Map<String, Integer> idsByPiece;

    /**
     * @param pieces vocabulary strings by id ({@code null} for an id nobody uses: it becomes UNUSED)
     * @param types kinds by id (same length; null entries mean NORMAL)
     */
    Vocabulary(List<String> pieces, List<TokenType> types) {
        int n = pieces.size();
        this.pieces = new String[n];
        this.types = new TokenType[n];
        this.bytes = new byte[n][];
        this.idsByPiece = HashMap.newHashMap(n);
        for (int id = 0; id < n; id++) {
            String piece = pieces.get(id);
            TokenType type = piece == null ? TokenType.UNUSED : types.get(id) == null ? TokenType.NORMAL : types.get(id);
            this.pieces[id] = piece == null ? "" : piece;
            this.types[id] = type;
            this.bytes[id] = bytesOf(this.pieces[id], type);
            if (piece != null) {
                // Last id wins for a duplicated string, as llama.cpp's token_to_id map does.
                idsByPiece.put(piece, id);
            }
        }
    }

    /**
     * What a token decodes to, following llama.cpp's {@code token_to_piece} for BPE vocabularies: normal pieces
     * through the byte map, added tokens (user-defined, control, unknown) as their literal text, unused
     * (padding) entries as nothing, and {@code <0xAB>} byte tokens as that byte.
     */
    private static byte[] bytesOf(String piece, TokenType type) {
        return switch (type) {
            case NORMAL -> ByteLevel.decode(piece);
            case USER_DEFINED, CONTROL, UNKNOWN -> piece.getBytes(StandardCharsets.UTF_8);
            case UNUSED -> NO_BYTES;
            case BYTE -> parseByteToken(piece);
        };
    }

    private static byte[] parseByteToken(String piece) {
        if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
            try {
                return new byte[] {(byte) Integer.parseInt(piece.substring(3, 5), 16)};
            } catch (NumberFormatException e) {
                return NO_BYTES;
            }
        }
        return NO_BYTES;
    }

    int size() {
        return pieces.length;
    }

    boolean contains(int id) {
        return id >= 0 && id < pieces.length;
    }

    String piece(int id) {
        return pieces[id];
    }

    TokenType type(int id) {
        return types[id];
    }

    /** The internal array: callers must not modify it. */
    byte[] bytesShared(int id) {
        return bytes[id];
    }

    /** Id of a vocabulary string, or -1. */
    int idOf(String piece) {
        Integer id = idsByPiece.get(piece);
        return id == null ? -1 : id;
    }
}
