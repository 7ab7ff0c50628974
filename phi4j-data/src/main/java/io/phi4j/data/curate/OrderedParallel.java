package io.phi4j.data.curate;

import io.phi4j.PhiException;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Applies a function to the lines of a JSON Lines file on a bounded thread pool and hands the results back in
 * input order, a batch at a time. At most {@code 2 × threads} batches are in flight, so memory does not grow with
 * the corpus.
 */
public final class OrderedParallel implements AutoCloseable {
    /** Work on one line; {@code where} is "file:line". */
    @FunctionalInterface
    public interface Work<R> {
        R apply(String line, String where);
    }

    private final ExecutorService pool;
    private final int threads;
    private final int batchSize;

    public OrderedParallel(int threads, int batchSize) {
        if (threads < 1 || threads > 512) {
            throw new PhiException("--threads must be in 1..512, got " + threads);
        }
        this.threads = threads;
        this.batchSize = batchSize;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "phi-curate");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} over the documents of {@code in} after skipping the first {@code skip}, passing each
     * batch's results (in order) to {@code sink} on the calling thread.
     */
    public <R> void run(Path in, long skip, Work<R> work, Consumer<List<R>> sink) {
        ArrayDeque<Future<List<R>>> inflight = new ArrayDeque<>();
        try (JsonlReader reader = new JsonlReader(in)) {
            for (long i = 0; i < skip; i++) {
                if (reader.next() == null) {
                    throw new PhiException(in + ": has fewer than the " + skip + " documents of the saved checkpoint");
                }
            }
            while (true) {
                List<JsonlReader.Line> batch = new ArrayList<>(batchSize);
                JsonlReader.Line line;
                while (batch.size() < batchSize && (line = reader.next()) != null) {
                    batch.add(line);
                }
                if (batch.isEmpty()) {
                    break;
                }
                inflight.add(pool.submit(() -> {
                    List<R> out = new ArrayList<>(batch.size());
                    for (JsonlReader.Line l : batch) {
                        out.add(work.apply(l.text(), in + ":" + l.number()));
                    }
                    return out;
                }));
                if (inflight.size() >= 2 * threads) {
                    sink.accept(take(inflight));
                }
            }
            while (!inflight.isEmpty()) {
                sink.accept(take(inflight));
            }
        } finally {
            inflight.forEach(f -> f.cancel(true));
        }
    }

    private static <R> List<R> take(ArrayDeque<Future<List<R>>> inflight) {
        try {
            return inflight.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhiException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
