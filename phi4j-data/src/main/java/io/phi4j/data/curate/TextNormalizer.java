package io.phi4j.data.curate;

import java.text.Normalizer;

/**
 * The canonical form of document text: Unicode NFC (so "é" typed either way is one string), line endings
 * {@code \r\n} and {@code \r} turned into {@code \n}, a leading byte-order mark and NUL characters removed,
 * trailing whitespace at the end of the document trimmed.
 */
public final class TextNormalizer {
    private TextNormalizer() {
    }

    public static String normalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        if (s.charAt(0) == '\uFEFF') {
            s = s.substring(1);
        }
        if (s.indexOf('\r') >= 0) {
            s = s.replace("\r\n", "\n").replace('\r', '\n');
        }
        if (s.indexOf('\0') >= 0) {
            s = s.replace("\0", "");
        }
        if (!Normalizer.isNormalized(s, Normalizer.Form.NFC)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFC);
        }
        return s.stripTrailing();
    }

    /**
     * The key of exact deduplication: normalized text with every whitespace run collapsed to one space and the
     * ends trimmed, so documents differing only in spacing or line wrapping count as copies.
     */
    public static String exactKey(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
