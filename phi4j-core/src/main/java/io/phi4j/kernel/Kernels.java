package io.phi4j.kernel;

import io.phi4j.PhiException;
import io.phi4j.tensor.GgmlType;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which matmul kernels run: {@code -Dphi4j.kernels=vector} (default: Vector API kernels, when the incubator
 * module is present and vectors hold at least 8 floats), {@code scalar} (their scalar twins) or {@code plain}
 * (dequantize each row and dot, the reference path). Types without a kernel always take the plain path.
 */
public final class Kernels {
    /** Kernel families. */
    public enum Mode { VECTOR, SCALAR, PLAIN }

    private static final Map<GgmlType, WeightKernel> SCALAR = new EnumMap<>(GgmlType.class);
    private static final boolean VECTOR_AVAILABLE =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorHolder.USABLE;

    static {
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16}) {
            SCALAR.put(t, new FloatScalarKernel(t));
        }
        SCALAR.put(GgmlType.Q8_0, new Q8_0ScalarKernel());
        SCALAR.put(GgmlType.Q4_0, new Q4_0ScalarKernel());
        SCALAR.put(GgmlType.Q4_K, new Q4_KScalarKernel());
        SCALAR.put(GgmlType.Q6_K, new Q6_KScalarKernel());
    }

    private Kernels() {
    }

    static Mode parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "scalar" -> Mode.SCALAR;
            case "plain" -> Mode.PLAIN;
            case "vector", "" -> vectorAvailable() ? Mode.VECTOR : Mode.SCALAR;
            default -> throw new PhiException("-Dphi4j.kernels=" + s + ": expected vector, scalar or plain");
        };
    }

    /**
     * The mode chosen by {@code -Dphi4j.kernels} (VECTOR falls back to SCALAR where vectors are unusable). Read on
     * each call (cheap next to a matmul), so that a bad value is a PhiException where it is used, not a class
     * initialisation error.
     */
    public static Mode defaultMode() {
        return parse(System.getProperty("phi4j.kernels", "vector"));
    }

    /**
     * True when the Vector API is present and its preferred float vector has at least 8 lanes (the kernels widen
     * L bytes to L floats, and the smallest byte vector holds 8).
     */
    public static boolean vectorAvailable() {
        return VECTOR_AVAILABLE;
    }


    /**
     * The kernel for {@code type} in {@code mode}, or null when that type takes the plain path. VECTOR gives the
     * scalar twins where vectors are unusable (see {@link #vectorAvailable()}).
     */
    public static WeightKernel forType(GgmlType type, Mode mode) {
        return switch (mode) {
            case PLAIN -> null;
            case SCALAR -> SCALAR.get(type);
            case VECTOR -> vectorAvailable() ? VectorHolder.KERNELS.get(type) : SCALAR.get(type);
        };
    }

    /** The prefill register tile of {@code mode} (VECTOR or SCALAR). */
    static GemmTile tile(Mode mode) {
        return mode == Mode.VECTOR && vectorAvailable() ? VectorHolder.TILE : ScalarHolder.TILE;
    }

    private static final class ScalarHolder {
        static final GemmTile TILE = new ScalarGemmTile();
    }

    /** Loaded only when vector kernels are asked for, so that scalar mode works without the incubator module. */
    private static final class VectorHolder {
        static final boolean USABLE = Simd.USABLE;
        static final Map<GgmlType, WeightKernel> KERNELS = new EnumMap<>(GgmlType.class);
        static final GemmTile TILE = new VectorGemmTile();

        static {
            KERNELS.put(GgmlType.F32, new F32VectorKernel());
            KERNELS.put(GgmlType.F16, new F16VectorKernel());
            KERNELS.put(GgmlType.BF16, new Bf16VectorKernel());
            KERNELS.put(GgmlType.Q8_0, new Q8_0VectorKernel());
            KERNELS.put(GgmlType.Q4_0, new Q4_0VectorKernel());
            KERNELS.put(GgmlType.Q4_K, new Q4_KVectorKernel());
            KERNELS.put(GgmlType.Q6_K, new Q6_KVectorKernel());
        }
    }
}
