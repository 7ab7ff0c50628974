package io.phi4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One attention head for one query row: scores against cached keys, softmax, weighted sum of cached values,
 * all in float32 (Hugging Face upcasts attention to float32 too). Vector API path with a scalar twin.
 */
public final class AttentionKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private AttentionKernels() {
    }

    /**
     * @param q       query, {@code q[qOff .. qOff+headDim)}
     * @param keys    cached keys, position p of this head at {@code keys[p*stride + kvOff ..]}
     * @param values  cached values, same layout
     * @param len     positions to attend to ({@code [0, len)})
     * @param scores  scratch of at least {@code len}
     * @param out     result, {@code out[oOff .. oOff+headDim)}
     */
    public static void attendHead(float[] q, int qOff, float[] keys, float[] values, int stride, int kvOff,
                                  int headDim, int len, float scale, float[] scores, float[] out, int oOff) {
        if (ElementwiseKernels.VECTOR && headDim >= F.length()) {
            attendVector(q, qOff, keys, values, stride, kvOff, headDim, len, scale, scores, out, oOff);
        } else {
            attendScalar(q, qOff, keys, values, stride, kvOff, headDim, len, scale, scores, out, oOff);
        }
    }

    static void attendScalar(float[] q, int qOff, float[] keys, float[] values, int stride, int kvOff,
                             int headDim, int len, float scale, float[] scores, float[] out, int oOff) {
        for (int p = 0; p < len; p++) {
            float s = 0f;
            int kp = p * stride + kvOff;
            for (int d = 0; d < headDim; d++) {
                s += q[qOff + d] * keys[kp + d];
            }
            scores[p] = s * scale;
        }
        Ops.softmax(scores, 0, len);
        for (int d = 0; d < headDim; d++) {
            out[oOff + d] = 0f;
        }
        for (int p = 0; p < len; p++) {
            float a = scores[p];
            int vp = p * stride + kvOff;
            for (int d = 0; d < headDim; d++) {
                out[oOff + d] += a * values[vp + d];
            }
        }
    }

    static void attendVector(float[] q, int qOff, float[] keys, float[] values, int stride, int kvOff,
                             int headDim, int len, float scale, float[] scores, float[] out, int oOff) {
        int lanes = F.length();
        int bound = F.loopBound(headDim);
        float max = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < len; p++) {
            int kp = p * stride + kvOff;
            FloatVector acc = FloatVector.zero(F);
            int d = 0;
            for (; d < bound; d += lanes) {
                acc = FloatVector.fromArray(F, q, qOff + d).fma(FloatVector.fromArray(F, keys, kp + d), acc);
            }
            float s = acc.reduceLanes(VectorOperators.ADD);
            for (; d < headDim; d++) {
                s += q[qOff + d] * keys[kp + d];
            }
            s *= scale;
            scores[p] = s;
            max = Math.max(max, s);
        }
        float sum = 0f;
        int p = 0;
        int pBound = F.loopBound(len);
        FloatVector vsum = FloatVector.zero(F);
        for (; p < pBound; p += lanes) {
            FloatVector e = FloatVector.fromArray(F, scores, p).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(scores, p);
            vsum = vsum.add(e);
        }
        sum = vsum.reduceLanes(VectorOperators.ADD);
        for (; p < len; p++) {
            float e = (float) Math.exp(scores[p] - max);
            scores[p] = e;
            sum += e;
        }
        float inv = 1f / sum;
        int d = 0;
        for (; d < bound; d += lanes) {
            FloatVector acc = FloatVector.zero(F);
            for (int t = 0; t < len; t++) {
                acc = FloatVector.fromArray(F, values, t * stride + kvOff + d).fma(FloatVector.broadcast(F, scores[t]), acc);
            }
            acc.mul(inv).intoArray(out, oOff + d);
        }
        for (; d < headDim; d++) {
            float acc = 0f;
            for (int t = 0; t < len; t++) {
                acc += scores[t] * values[t * stride + kvOff + d];
            }
            out[oOff + d] = acc * inv;
        }
    }
}
