package io.phi4j.train.ckpt;

/**
 * Where a run is, saved with each checkpoint ({@code trainer_state.json}). The data order and the dropout
 * masks are pure functions of {@code seed} and the step counter, so {@code step} is the whole data position
 * and RNG state: a run resumed here draws exactly the batches and masks the uninterrupted run would.
 *
 * @param step       optimizer steps completed (the next step to run)
 * @param tokens     training tokens consumed
 * @param flops      model FLOPs spent so far (6N + attention per token, see {@code Flops})
 * @param seconds    wall-clock training time so far
 * @param seed       the run's seed (data windows, dropout masks, initial weights)
 * @param lastLoss   training loss of the last step
 */
public record TrainerState(long step, long tokens, double flops, double seconds, long seed, double lastLoss) {
}
