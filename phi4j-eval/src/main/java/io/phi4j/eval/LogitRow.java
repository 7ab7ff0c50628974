package io.phi4j.eval;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Log-softmax facts about one row of logits: its log-sum-exp and its argmax. Scoring reads a 51200-wide row for
 * every continuation token, so the exponentials are vectorised (the harness computes {@code log_softmax} in
 * float32 with torch; the sum is accumulated per lane in float and combined in double).
 */
public final class LogitRow {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private LogitRow() {
    }

    /** Index of the largest logit, the first one on ties (as {@code torch.argmax}). */
    public static int argmax(float[] logits, int off, int n) {
        float best = Float.NEGATIVE_INFINITY;
        int arg = 0;
        for (int i = 0; i < n; i++) {
            float v = logits[off + i];
            if (v > best) {
                best = v;
                arg = i;
            }
        }
        return arg;
    }

    /** {@code log(sum(exp(logits[off .. off+n))))}, computed around the row's maximum. */
    public static double logSumExp(float[] logits, int off, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i < bound; i += S.length()) {
            vmax = vmax.max(FloatVector.fromArray(S, logits, off + i));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, logits[off + i]);
        }
        FloatVector sum = FloatVector.zero(S);
        FloatVector m = FloatVector.broadcast(S, max);
        i = 0;
        for (; i < bound; i += S.length()) {
            sum = sum.add(FloatVector.fromArray(S, logits, off + i).sub(m).lanewise(VectorOperators.EXP));
        }
        double total = 0;
        for (int lane = 0; lane < S.length(); lane++) {
            total += sum.lane(lane);
        }
        for (; i < n; i++) {
            total += Math.exp(logits[off + i] - max);
        }
        return max + Math.log(total);
    }
}
