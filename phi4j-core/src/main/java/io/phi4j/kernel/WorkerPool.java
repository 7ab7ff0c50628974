package io.phi4j.kernel;

import java.util.concurrent.Semaphore;

/**
 * A fixed set of platform threads that split a range of work with the calling thread. Persistent (no thread
 * creation per call) and allocation-free per call: each worker waits on its own semaphore, the caller runs
 * the first slice itself, then waits for the others.
 */
public final class WorkerPool implements AutoCloseable {
    /** Work on the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private static volatile WorkerPool shared;

    private final int threads;
    private final Thread[] workers;
    private final Semaphore[] start;
    private final Semaphore done = new Semaphore(0);
    private volatile RangeTask task;
    private volatile int total;
    private volatile int activeSlices;
    private volatile boolean closed;
    private volatile Throwable failure;

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        this.start = new Semaphore[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int slice = i + 1;
            start[i] = new Semaphore(0);
            workers[i] = Thread.ofPlatform().daemon().name("phi4j-worker-" + slice).unstarted(() -> workerLoop(slice));
            workers[i].start();
        }
    }

    /** A process-wide pool sized to the available processors (or {@code -Dphi4j.threads}). */
    public static WorkerPool shared() {
        WorkerPool p = shared;
        if (p == null) {
            synchronized (WorkerPool.class) {
                p = shared;
                if (p == null) {
                    int n = Integer.getInteger("phi4j.threads", Runtime.getRuntime().availableProcessors());
                    shared = p = new WorkerPool(Math.max(1, n));
                }
            }
        }
        return p;
    }

    /** Replaces the shared pool with one of {@code n} threads (for {@code -t N} on the command line). */
    public static synchronized void setSharedThreads(int n) {
        WorkerPool old = shared;
        if (old != null && old.threads == n) {
            return;
        }
        shared = new WorkerPool(Math.max(1, n));
        if (old != null) {
            old.close();
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} over {@code [0, n)} split into contiguous slices, one per thread, and returns when all
     * are done. Small ranges run on the caller alone. Not re-entrant: one parallelFor at a time per pool.
     */
    public synchronized void parallelFor(int n, RangeTask task) {
        if (n <= 0) {
            return;
        }
        int slices = Math.min(threads, n);
        if (slices == 1 || closed) {
            task.run(0, n);
            return;
        }
        this.task = task;
        this.total = n;
        this.activeSlices = slices;
        this.failure = null;
        for (int i = 1; i < slices; i++) {
            start[i - 1].release();
        }
        try {
            task.run(0, n / slices);
        } finally {
            done.acquireUninterruptibly(slices - 1);
            this.task = null;
        }
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
            throw new RuntimeException(f);
        }
    }

    private void workerLoop(int slice) {
        while (true) {
            start[slice - 1].acquireUninterruptibly();
            if (closed) {
                return;
            }
            try {
                int n = total, slices = activeSlices;
                task.run((int) ((long) n * slice / slices), (int) ((long) n * (slice + 1) / slices));
            } catch (Throwable t) {
                failure = t;
            } finally {
                done.release();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Semaphore s : start) {
            s.release();
        }
    }
}
