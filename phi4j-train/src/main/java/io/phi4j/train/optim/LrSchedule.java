package io.phi4j.train.optim;

/**
 * Linear warm-up then cosine decay (nanoGPT's {@code get_lr}): step {@code s} (0-based) gets
 * {@code lr · (s + 1) / warmup} while {@code s < warmup}, then
 * {@code minLr + ½ (1 + cos(π · (s − warmup) / (total − warmup))) (lr − minLr)}, reaching {@code minLr} at the
 * last step.
 */
public record LrSchedule(double lr, double minLr, int warmup, int total) {
    public double at(long step) {
        if (step < warmup) {
            return lr * (step + 1) / warmup;
        }
        int decaySteps = Math.max(1, total - warmup);
        double progress = Math.min(1.0, (double) (step - warmup) / decaySteps);
        return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (lr - minLr);
    }
}
