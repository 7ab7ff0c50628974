package io.phi4j.train.ops;

import io.phi4j.PhiException;
import io.phi4j.kernel.WorkerPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax cross-entropy of logit rows against target ids ({@code torch.nn.functional.cross_entropy}, mean over
 * rows), forward and backward. The forward keeps each row's log-sum-exp; the backward turns the logits into
 * their gradient {@code (softmax − onehot) · scale} in place, as llm.c's fused
 * {@code crossentropy_softmax_backward} does, so no second {@code [rows, vocab]} buffer is needed.
 */
public final class CrossEntropyOp {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private CrossEntropyOp() {
    }

    /** Per-row losses into {@code losses}, log-sum-exps into {@code lse}; returns the mean loss (summed in double). */
    public static double forward(WorkerPool pool, float[] logits, int[] targets, int rows, int vocab, float[] lse,
                                 float[] losses) {
        pool.parallelFor(rows, (from, to) -> {
            float[] scratch = new float[vocab];
            for (int r = from; r < to; r++) {
                int target = targets[r];
                if (target < 0 || target >= vocab) {
                    throw new PhiException("target token id " + target + " is outside the vocabulary (0.." + (vocab - 1) + ")");
                }
                int o = r * vocab;
                float l = logSumExp(logits, o, vocab, scratch);
                lse[r] = l;
                losses[r] = l - logits[o + target];
            }
        });
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += losses[r];
        }
        return sum / rows;
    }

    /** Overwrites {@code logits} with {@code d loss / d logits} times {@code scale} (1/rows for the mean loss). */
    public static void backward(WorkerPool pool, float[] logits, int[] targets, int rows, int vocab, float[] lse,
                                float scale) {
        pool.parallelFor(rows, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * vocab;
                DetMath.expScaledShifted(logits, o, vocab, 1f, lse[r]);
                int j = 0;
                if (DetMath.vectorUsable()) {
                    for (; j + F.length() <= vocab; j += F.length()) {
                        FloatVector.fromArray(F, logits, o + j).mul(scale).intoArray(logits, o + j);
                    }
                }
                for (; j < vocab; j++) {
                    logits[o + j] *= scale;
                }
                logits[o + targets[r]] -= scale;
            }
        });
    }

    /** {@code max + log Σ exp(x - max)}; the sum of exponentials leaves {@code x} unchanged (copied to scratch). */
    static float logSumExp(float[] x, int off, int n, float[] scratch) {
        float max = DetMath.max(x, off, n);
        System.arraycopy(x, off, scratch, 0, n);
        float sum = DetMath.expScaledShifted(scratch, 0, n, 1f, max);
        // StrictMath: fdlibm in plain Java, the same bits whether interpreted or compiled.
        return (float) (max + StrictMath.log(sum));
    }
}
