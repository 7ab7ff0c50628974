package io.phi4j.tensor;

import io.phi4j.PhiException;

import java.util.EnumMap;
import java.util.Map;

/** The codec of each supported element type. */
public final class Codecs {
    private static final Map<GgmlType, BlockCodec> CODECS = new EnumMap<>(GgmlType.class);

    static {
        register(new F32Codec());
        register(new F16Codec());
        register(new Bf16Codec());
        register(new Q8_0Codec());
        register(new Q4_0Codec());
        register(new Q4_1Codec());
        register(new Q5_0Codec());
        register(new Q5_1Codec());
        register(new Q4_KCodec());
        register(new Q5_KCodec());
        register(new Q6_KCodec());
        register(new Q8_KCodec());
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
