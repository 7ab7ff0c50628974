package io.phi4j.train.ops;

import io.phi4j.kernel.WorkerPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hugging Face's {@code gelu_new} ({@code 0.5 x (1 + tanh(sqrt(2/π) (x + 0.044715 x³)))}, Phi's {@code hidden_act})
 * and its derivative {@code 0.5 (1 + tanh u) + 0.5 x (1 - tanh² u) sqrt(2/π) (1 + 3 · 0.044715 x²)}. tanh is
 * {@link DetMath#tanh}, vectorized (the MLP has four activations per hidden unit, so a per-element
 * {@link Math#tanh} would cost as much as a matmul) and bit-identical in its scalar tail.
 */
public final class GeluOp {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final float C = (float) Math.sqrt(2.0 / Math.PI);
    private static final float K = 0.044715f;
    private static final int CHUNK = 4096;

    private GeluOp() {
    }

    /** {@code out[i] = gelu(x[i])} for {@code i < n}. */
    public static void forward(WorkerPool pool, float[] x, float[] out, int n) {
        pool.parallelFor((n + CHUNK - 1) / CHUNK, (from, to) -> forwardRange(x, out, from * CHUNK, Math.min(n, to * CHUNK)));
    }

    /** {@code dx[i] = dout[i] * gelu'(x[i])}; {@code dx} may be {@code dout}. */
    public static void backward(WorkerPool pool, float[] x, float[] dout, float[] dx, int n) {
        pool.parallelFor((n + CHUNK - 1) / CHUNK, (from, to) -> backwardRange(x, dout, dx, from * CHUNK, Math.min(n, to * CHUNK)));
    }

    static void forwardRange(float[] x, float[] out, int from, int to) {
        int i = from;
        if (DetMath.vectorUsable()) {
            for (; i + F.length() <= to; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, i);
                FloatVector u = v.mul(v).mul(v).mul(K).add(v).mul(C);
                FloatVector t = DetMath.tanh(u);
                v.mul(0.5f).mul(t.add(1f)).intoArray(out, i);
            }
        }
        for (; i < to; i++) {
            out[i] = gelu(x[i]);
        }
    }

    static void backwardRange(float[] x, float[] dout, float[] dx, int from, int to) {
        int i = from;
        if (DetMath.vectorUsable()) {
            for (; i + F.length() <= to; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, i);
                FloatVector v2 = v.mul(v);
                FloatVector u = v2.mul(v).mul(K).add(v).mul(C);
                FloatVector t = DetMath.tanh(u);
                FloatVector sech2 = t.mul(t).neg().add(1f);
                FloatVector du = v2.mul(3f * K).add(1f).mul(C);
                FloatVector grad = t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(sech2).mul(du));
                grad.mul(FloatVector.fromArray(F, dout, i)).intoArray(dx, i);
            }
        }
        for (; i < to; i++) {
            dx[i] = geluGrad(x[i]) * dout[i];
        }
    }

    /** Scalar twin of the vector forward: the same operations in the same order. */
    public static float gelu(float x) {
        float u = (x * x * x * K + x) * C;
        return x * 0.5f * (DetMath.tanh(u) + 1f);
    }

    /** Scalar twin of the vector backward's derivative. */
    public static float geluGrad(float x) {
        float x2 = x * x;
        float u = (x2 * x * K + x) * C;
        float t = DetMath.tanh(u);
        float sech2 = -(t * t) + 1f;
        float du = (x2 * (3f * K) + 1f) * C;
        return (t + 1f) * 0.5f + x * 0.5f * sech2 * du;
    }
}
