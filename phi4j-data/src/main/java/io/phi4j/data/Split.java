package io.phi4j.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Train / held-out assignment by a hash of a problem's canonical key (e.g. {@code add:27+38}), never by seed: the
 * same problem lands in the same split whatever its wording, format or seed, so no held-out problem can ever
 * appear in a training corpus. A lesson is held-out when its scored problem's key is; it is a training lesson only
 * when every problem it contains (worked examples included) is a training problem.
 */
public enum Split {
    TRAIN("train"), HELDOUT("heldout");

    /** One key in this many is held out (10%). */
    public static final int HELDOUT_ONE_IN = 10;

    private final String label;

    Split(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Split parse(String label) {
        for (Split s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split " + label);
    }

    /** The split of one problem key: the first 8 bytes of its SHA-256, as an unsigned number, modulo 10. */
    public static Split ofKey(String key) {
        byte[] h = sha256().digest(key.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xFF);
        }
        return Long.remainderUnsigned(v, HELDOUT_ONE_IN) == 0 ? HELDOUT : TRAIN;
    }

    /** The split of a lesson containing these problems, scored one first (see the class comment). */
    public static Split ofKeys(List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a lesson needs at least one key");
        }
        if (ofKey(keys.getFirst()) == HELDOUT) {
            return HELDOUT;
        }
        for (String k : keys) {
            if (ofKey(k) == HELDOUT) {
                return null; // mixes a training problem with a held-out one: belongs to neither
            }
        }
        return TRAIN;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
