package io.phi4j.kernel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerPoolTest {
    @Test
    void everyIndexRunsExactlyOnceForManySizes() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int n = 1; n < 200; n += 7) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                pool.parallelFor(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(hits.get(i)).as("n=%d i=%d", n, i).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aFailureInAWorkerReachesTheCaller() {
        try (WorkerPool pool = new WorkerPool(2)) {
            assertThatThrownBy(() -> pool.parallelFor(10, (from, to) -> {
                if (from > 0) {
                    throw new IllegalStateException("boom");
                }
            })).hasMessage("boom");
            // and the pool still works afterwards
            int[] sum = new int[1];
            pool.parallelFor(1, (from, to) -> sum[0] += to - from);
            assertThat(sum[0]).isEqualTo(1);
        }
    }
}
