package io.phi4j.data.quality;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {
    /** A fake clock that only moves when the limiter sleeps. */
    private static final class FakeClock {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        RateLimiter limiter(double rate, double burst) {
            return new RateLimiter(rate, burst, () -> now, nanos -> {
                sleeps.add(nanos);
                now += nanos;
            });
        }
    }

    @ParameterizedTest
    @CsvSource({"2, 1, 20", "10, 4, 50", "0.5, 3, 10", "100, 8, 200"})
    void nRequestsAfterTheBurstTakeNOverRateSeconds(double rate, int burst, int n) throws InterruptedException {
        FakeClock c = new FakeClock();
        RateLimiter l = c.limiter(rate, burst);
        long t0 = c.now;
        for (int i = 0; i < burst; i++) {
            l.acquire();
        }
        assertThat(c.sleeps).as("the burst is free").isEmpty();
        for (int i = 0; i < n; i++) {
            l.acquire();
        }
        double seconds = (c.now - t0) / 1e9;
        assertThat(seconds).isCloseTo(n / rate, org.assertj.core.data.Offset.offset(n / rate * 1e-6 + 1e-6));
    }

    @Test
    void idleTimeRefillsTheBucketButNotBeyondTheBurst() throws InterruptedException {
        FakeClock c = new FakeClock();
        RateLimiter l = c.limiter(1, 3);
        for (int i = 0; i < 3; i++) {
            l.acquire();
        }
        c.now += 60_000_000_000L; // a minute idle: still only 3 permits
        for (int i = 0; i < 3; i++) {
            l.acquire();
        }
        assertThat(c.sleeps).isEmpty();
        l.acquire();
        assertThat(c.sleeps).hasSize(1);
        assertThat(c.sleeps.getFirst()).isEqualTo(1_000_000_000L);
    }

    @Test
    void realClockAndThreads() throws Exception {
        RateLimiter l = new RateLimiter(50, 1);
        long t0 = System.nanoTime();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = Thread.ofPlatform().start(() -> {
                for (int k = 0; k < 5; k++) {
                    try {
                        l.acquire();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(seconds).as("19 waits of 20 ms").isGreaterThanOrEqualTo(0.37);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new RateLimiter(0, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RateLimiter(Double.NaN, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RateLimiter(1, 0.5)).hasMessageContaining("burst");
    }
}
