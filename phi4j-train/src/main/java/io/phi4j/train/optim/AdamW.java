package io.phi4j.train.optim;

import io.phi4j.PhiException;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.train.model.Param;

import java.util.List;

/**
 * AdamW (Loshchilov & Hutter, decoupled weight decay) exactly as {@code torch.optim.AdamW}'s single-tensor
 * path computes it, per element, in float32:
 * <pre>
 *   p ← p · (1 − lr · wd)            (matrices only; biases and LayerNorm get no decay)
 *   m ← m + (g − m) · (1 − β1)       (torch: exp_avg.lerp_(grad, 1 − β1))
 *   v ← v · β2 + g² · (1 − β2)
 *   p ← p − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)
 * </pre>
 * The moments are float32 arrays parallel to the parameters, saved with checkpoints.
 */
public final class AdamW {
    private final List<Param> params;
    private final float[][] m, v;
    private final double beta1, beta2, eps, weightDecay;
    private long step;

    public AdamW(List<Param> params, double beta1, double beta2, double eps, double weightDecay) {
        this.params = params;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new float[params.size()][];
        this.v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new float[params.get(i).size()];
            v[i] = new float[params.get(i).size()];
        }
    }

    /** Steps taken so far (torch's {@code state['step']}). */
    public long step() {
        return step;
    }

    public float[] firstMoment(int i) {
        return m[i];
    }

    public float[] secondMoment(int i) {
        return v[i];
    }

    /** Restores the state saved with a checkpoint. */
    public void restore(long step, float[][] first, float[][] second) {
        if (first.length != m.length || second.length != v.length) {
            throw new PhiException("optimizer state has " + first.length + " tensors, the model " + m.length);
        }
        for (int i = 0; i < m.length; i++) {
            if (first[i].length != m[i].length || second[i].length != v[i].length) {
                throw new PhiException("optimizer state for " + params.get(i).name() + " has the wrong size");
            }
            System.arraycopy(first[i], 0, m[i], 0, m[i].length);
            System.arraycopy(second[i], 0, v[i], 0, v[i].length);
        }
        this.step = step;
    }

    /** One update of every parameter from its {@code grad} with learning rate {@code lr}. */
    public void update(WorkerPool pool, double lr) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (lr / bc1);
        float bc2 = (float) bc2Sqrt;
        float oneMinusB1 = (float) (1 - beta1), b2 = (float) beta2, oneMinusB2 = (float) (1 - beta2);
        float epsF = (float) eps;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            float decay = p.decays() ? (float) (1 - lr * weightDecay) : 1f;
            float[] w = p.value(), g = p.grad(), mi = m[i], vi = v[i];
            int n = w.length;
            pool.parallelFor((n + 8191) / 8192, (from, to) -> {
                for (int j = from * 8192, end = Math.min(n, to * 8192); j < end; j++) {
                    float gj = g[j];
                    float pj = w[j] * decay;
                    float mj = mi[j] + (gj - mi[j]) * oneMinusB1;
                    float vj = vi[j] * b2 + gj * gj * oneMinusB2;
                    mi[j] = mj;
                    vi[j] = vj;
                    w[j] = pj - stepSize * (mj / ((float) Math.sqrt(vj) / bc2 + epsF));
                }
            });
        }
    }
}
