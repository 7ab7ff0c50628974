package io.phi4j.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteOrder;

/**
 * The vector shapes the kernels use, fixed at class load from {@link FloatVector#SPECIES_PREFERRED}: 16 float
 * lanes on AVX-512, 8 on AVX2. Narrower machines (4 lanes) get the scalar kernels, see {@link Kernels}.
 * Byte and short species have as many lanes as the float one, so one load widens into one float vector.
 */
final class Simd {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();
    static final boolean USABLE = L >= 8;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** L bytes (16 lanes: 128 bits). */
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, L * 8)));
    /** L shorts (16 lanes: 256 bits). */
    static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, L * 16)));

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private Simd() {
    }

    /**
     * The sum of v's lanes, first to last, through {@code lanes} (a scratch of at least L floats: a store and a
     * scalar loop keep the compiled method small, where L lane extractions would push C2 past its inlining
     * budget). Not {@code reduceLanes(ADD)}: its order of additions is unspecified and differs between the
     * interpreter and C2 (sequential there, a tree here), so the same dot product would round differently before
     * and after JIT compilation, and batched decoding would not equal decoding alone.
     */
    static float sum(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        float s = 0f;
        for (int i = 0; i < L; i++) {
            s += lanes[i];
        }
        return s;
    }

    /**
     * The eight-token kernels' lane sums: {@code count} accumulators stored in {@code sums} (L floats each; 0-7 are
     * row r0's tokens, 8-15 row r1's), each summed in {@link #sum}'s order (lanes first to last from 0f) into
     * {@code out[outOff[token] + row]}. The kernels store their vectors and call this rather than {@link #sum}:
     * in a method that large C2 does not inline {@link #sum}, and a vector passed to a call is boxed.
     */
    static void storeSums(float[] sums, int count, float[] out, int[] outOff, int r0, int r1) {
        for (int k = 0; k < count; k++) {
            float sum = 0f;
            for (int i = 0; i < L; i++) {
                sum += sums[k * L + i];
            }
            out[outOff[k & 7] + (k < 8 ? r0 : r1)] = sum;
        }
    }

    /** Per-thread scratch for {@link #sum}. */
    static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

    /*
     * x86 has no byte-lane shifts, and C2 emulates ByteVector shifts by widening to shorts and narrowing back
     * (several shuffles each). Shifting the same bits as int lanes and masking off what crossed from the
     * neighbouring byte is two cheap ops.
     */

    /** Each byte's high nibble, moved down: {@code (q >>> 4) & 0x0F} per byte. */
    static ByteVector highNibbles(ByteVector q) {
        return q.reinterpretAsInts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
    }

    /** {@code (q << n) & mask} per byte, for masks that drop the n low bits. */
    static ByteVector shiftLeftMasked(ByteVector q, int n, byte mask) {
        return q.reinterpretAsInts().lanewise(VectorOperators.LSHL, n).reinterpretAsBytes().and(mask);
    }

    /** {@code (q >>> n) & mask} per byte, for masks that drop the n high bits. */
    static ByteVector shiftRightMasked(ByteVector q, int n, byte mask) {
        return q.reinterpretAsInts().lanewise(VectorOperators.LSHR, n).reinterpretAsBytes().and(mask);
    }
}
