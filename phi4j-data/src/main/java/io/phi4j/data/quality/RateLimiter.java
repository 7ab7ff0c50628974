package io.phi4j.data.quality;

import io.phi4j.data.teacher.TeacherClient;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} permits are added per second, up to {@code burst}; each request takes one,
 * waiting until one is there. Waiters are served in arrival order (the monitor is held while waiting, so the
 * bucket's state stays consistent without a queue). The clock and the sleep are injectable for tests.
 */
public final class RateLimiter implements TeacherClient.Throttle {
    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    public RateLimiter(double ratePerSecond, double burst) {
        this(ratePerSecond, burst, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public RateLimiter(double ratePerSecond, double burst, LongSupplier clock, Sleeper sleeper) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of requests per second, not " + ratePerSecond);
        }
        if (!(burst >= 1)) {
            throw new IllegalArgumentException("burst must be at least 1, not " + burst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    /** Takes one permit, waiting for it if the bucket is empty. */
    @Override
    public synchronized void acquire() throws InterruptedException {
        refill();
        while (tokens < 1) {
            long wait = (long) Math.ceil((1 - tokens) / ratePerNano);
            sleeper.sleep(Math.max(wait, 1));
            refill();
        }
        tokens -= 1;
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
    }
}
