package io.phi4j.tensor;

import io.phi4j.PhiException;

import java.util.EnumMap;
import java.util.Map;

/** The codec of each supported element type. */
public final class Codecs {
    private static final Map<GgmlType, BlockCodec> CODECS = new EnumMap<>(GgmlType.class);

    static {
        register(new F32Codec());
        // Further codecs (F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K) register here.
    }

    private Codecs() {
    }

    private static void register(BlockCodec codec) {
        CODECS.put(codec.type(), codec);
    }

    public static boolean isSupported(GgmlType type) {
        return CODECS.containsKey(type);
    }

    public static BlockCodec of(GgmlType type) {
        BlockCodec codec = CODECS.get(type);
        if (codec == null) {
            throw new PhiException("tensor type " + type + " is not supported");
        }
        return codec;
    }
}
