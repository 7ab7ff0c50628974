package io.phi4j.train.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp} and {@code tanh} in float32 built only from IEEE add, multiply, fma and bit moves, with a vector
 * and a scalar form that give bit-identical results.
 *
 * <p>Why not {@code lanewise(EXP)} or {@link Math#exp}: the Vector API's transcendental operations run an
 * intrinsic (SVML) once compiled but a per-lane {@code Math.exp} fallback before, and the two differ in the
 * last bits, so a loss would depend on when the JIT compiled the loop. Training must be reproducible bit for
 * bit (a run resumed after {@code kill -9} must retrace the uninterrupted one), hence these.
 *
 * <p>exp: {@code x = n ln2 + r}, {@code |r| ≤ ln2/2}, degree-7 Taylor polynomial for {@code e^r} (error below
 * 2^-26), times {@code 2^n} assembled in the exponent bits; inputs are clamped to [-87, 88]. tanh:
 * {@code sign(u) (1 − e) / (1 + e)} with {@code e = exp(−2|u|)} (absolute error ~1e-7).
 */
public final class DetMath {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5 * 2^23: adding and subtracting it rounds to an integer
    private static final float MIN = -87f;
    private static final float MAX = 88f;
    private static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;

    private DetMath() {
    }

    /** True when the vector forms can be used (same lane count for float and int vectors, at least 8). */
    public static boolean vectorUsable() {
        return F.length() >= 8 && I.length() == F.length();
    }

    public static float exp(float x) {
        x = Math.min(MAX, Math.max(MIN, x));
        float n = (x * LOG2E + ROUND) - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    public static FloatVector exp(FloatVector x) {
        x = x.max(MIN).min(MAX);
        FloatVector n = x.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(C7, C6);
        p = p.fma(r, FloatVector.broadcast(F, C5));
        p = p.fma(r, FloatVector.broadcast(F, C4));
        p = p.fma(r, FloatVector.broadcast(F, C3));
        p = p.fma(r, FloatVector.broadcast(F, C2));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    public static float tanh(float u) {
        float e = exp(-2f * Math.abs(u));
        float t = (1f - e) / (1f + e);
        return u < 0 ? -t : t;
    }

    public static FloatVector tanh(FloatVector u) {
        FloatVector e = exp(u.abs().mul(-2f));
        FloatVector t = e.neg().add(1f).div(e.add(1f));
        return t.blend(t.neg(), u.lt(0f));
    }

    /**
     * {@code a[off + j] = exp(a[off + j] * scale - shift)} for {@code j < n}; returns their sum. The sum runs per
     * vector lane, then over the lanes in order, so it is the same on every call for the same input.
     */
    public static float expScaledShifted(float[] a, int off, int n, float scale, float shift) {
        int j = 0;
        float sum = 0f;
        if (vectorUsable() && n >= F.length()) {
            FloatVector acc = FloatVector.zero(F);
            for (; j + F.length() <= n; j += F.length()) {
                FloatVector e = exp(FloatVector.fromArray(F, a, off + j).mul(scale).sub(shift));
                e.intoArray(a, off + j);
                acc = acc.add(e);
            }
            float[] lanes = new float[F.length()];
            acc.intoArray(lanes, 0);
            for (float v : lanes) {
                sum += v;
            }
        }
        for (; j < n; j++) {
            float e = exp(a[off + j] * scale - shift);
            a[off + j] = e;
            sum += e;
        }
        return sum;
    }

    /** The largest of {@code a[off .. off+n)} ({@code -∞} if n is 0). */
    public static float max(float[] a, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (vectorUsable() && n >= F.length()) {
            FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (; j + F.length() <= n; j += F.length()) {
                m = m.max(FloatVector.fromArray(F, a, off + j));
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) {
            max = Math.max(max, a[off + j]);
        }
        return max;
    }
}
