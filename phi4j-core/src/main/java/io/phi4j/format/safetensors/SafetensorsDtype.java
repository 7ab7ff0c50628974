package io.phi4j.format.safetensors;

import io.phi4j.tensor.GgmlType;

/**
 * The element types a safetensors header may name. The constants are declared in the order of the Rust
 * {@code safetensors::Dtype} enum (increasing alignment): the Python/Rust writer orders tensors by this order,
 * descending, then by name, and {@link SafetensorsWriter} does the same so its files are byte-identical.
 *
 * <p>Only F32, F16 and BF16 map to a {@link GgmlType}; the others are recognised (so a file holding, say, an
 * I64 buffer still opens) but a tensor of such a type cannot be turned into a {@link io.phi4j.tensor.Tensor}.
 */
public enum SafetensorsDtype {
    BOOL(8, null),
    F4(4, null),
    F6_E2M3(6, null),
    F6_E3M2(6, null),
    U8(8, null),
    I8(8, null),
    F8_E5M2(8, null),
    F8_E4M3(8, null),
    F8_E8M0(8, null),
    F8_E4M3FNUZ(8, null),
    F8_E5M2FNUZ(8, null),
    I16(16, null),
    U16(16, null),
    F16(16, GgmlType.F16),
    BF16(16, GgmlType.BF16),
    I32(32, null),
    U32(32, null),
    F32(32, GgmlType.F32),
    C64(64, null),
    F64(64, null),
    I64(64, null),
    U64(64, null);

    private final int bits;
    private final GgmlType ggmlType;

    SafetensorsDtype(int bits, GgmlType ggmlType) {
        this.bits = bits;
        this.ggmlType = ggmlType;
    }

    /** Bits per element (sub-byte types exist: F4, F6). */
    public int bits() {
        return bits;
    }

    /** The matching tensor type, or null when phi4j cannot compute with this type. */
    public GgmlType ggmlType() {
        return ggmlType;
    }

    public boolean isSupported() {
        return ggmlType != null;
    }

    /** The dtype spelled {@code name} in a header, or null if the name is unknown. */
    public static SafetensorsDtype byName(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The safetensors dtype storing {@code type}, or null if safetensors cannot hold it (quantized types). */
    public static SafetensorsDtype of(GgmlType type) {
        return switch (type) {
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
            default -> null;
        };
    }
}
