package io.phi4j.convert;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The file types phi4j writes, with llama.cpp's {@code llama_ftype} numbers (GGUF key {@code general.file_type})
 * and the tensor type each one means ({@code llama_ftype_get_default_type}). {@code q4_k} and {@code q5_k} are
 * llama-quantize's aliases for the "medium" mixtures Q4_K_M and Q5_K_M.
 */
public enum LlamaFileType {
    F32("f32", 0, GgmlType.F32),
    F16("f16", 1, GgmlType.F16),
    BF16("bf16", 32, GgmlType.BF16),
    Q8_0("q8_0", 7, GgmlType.Q8_0),
    Q4_0("q4_0", 2, GgmlType.Q4_0),
    Q4_1("q4_1", 3, GgmlType.Q4_1),
    Q5_0("q5_0", 8, GgmlType.Q5_0),
    Q5_1("q5_1", 9, GgmlType.Q5_1),
    Q4_K_M("q4_k", 15, GgmlType.Q4_K),
    Q5_K_M("q5_k", 17, GgmlType.Q5_K),
    Q6_K("q6_k", 18, GgmlType.Q6_K);

    private final String cliName;
    private final int id;
    private final GgmlType defaultType;

    LlamaFileType(String cliName, int id, GgmlType defaultType) {
        this.cliName = cliName;
        this.id = id;
        this.defaultType = defaultType;
    }

    /** The name on the command line ({@code --type q4_k}). */
    public String cliName() {
        return cliName;
    }

    /** {@code general.file_type}. */
    public int id() {
        return id;
    }

    /** The type of the weight matrices (before llama.cpp's per-tensor choices). */
    public GgmlType defaultType() {
        return defaultType;
    }

    public boolean isQuantized() {
        return defaultType.isQuantized();
    }

    /** All names accepted by {@link #parse}, for help texts. */
    public static String names() {
        return Arrays.stream(values()).map(LlamaFileType::cliName).collect(Collectors.joining(", "));
    }

    /** Parses {@code f16}, {@code Q4_0}, {@code q4_k}, {@code Q4_K_M}, ... (case-insensitive). */
    public static LlamaFileType parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (LlamaFileType t : values()) {
            if (t.cliName.equals(n) || t.name().toLowerCase(Locale.ROOT).equals(n)) {
                return t;
            }
        }
        throw new PhiException("unknown type '" + name + "'; choose one of " + names());
    }

    /** The file type with llama.cpp number {@code id}, if phi4j writes it. */
    public static java.util.Optional<LlamaFileType> byId(long id) {
        return Arrays.stream(values()).filter(t -> t.id == id).findFirst();
    }
}
