package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;
import io.phi4j.convert.Progress;
import io.phi4j.format.safetensors.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs single curation steps on this machine, from a JSON Lines file to another, streaming and on a bounded
 * thread pool (outputs in input order). Every output is written atomically. Map steps save a checkpoint every
 * {@link #checkpointEvery} documents ({@code OUT.ckpt}: documents consumed, bytes written, counts) and a rerun
 * with the same checkpoint key resumes there.
 */
public final class LocalSteps implements AutoCloseable {
    /** Test hook: called on the writing thread after each batch with the step's task name and documents done. */
    interface CrashHook {
        void after(String task, long documents);
    }

    static volatile CrashHook crashHook;

    private final OrderedParallel parallel;
    private final Progress progress;
    private long checkpointEvery = 20_000;

    public LocalSteps(int threads, Progress progress) {
        this.parallel = new OrderedParallel(threads, 128);
        this.progress = progress;
    }

    public LocalSteps checkpointEvery(long n) {
        this.checkpointEvery = n;
        return this;
    }

    private void hook(String task, long documents) {
        CrashHook h = crashHook;
        if (h != null) {
            h.after(task, documents);
        }
    }

    /** Ingests {@code inputs} into {@code out}; returns the ingester (for its counts). */
    public Ingester ingest(String task, List<Path> inputs, IngestOptions options, Path out) {
        Ingester ing = new Ingester(options);
        List<Ingester.InputFile> files = ing.files(inputs);
        progress.start(task, files.size());
        try (JsonlOutput o = JsonlOutput.create(out)) {
            for (Ingester.InputFile f : files) {
                ing.read(f, doc -> o.write(Docs.write(doc)));
                progress.advance(1);
                hook(task, ing.documents());
            }
            o.commit();
        } finally {
            progress.finish();
        }
        return ing;
    }

    /** A per-document step; {@code rejected} (may be null) receives dropped documents. */
    public StepCounts map(String task, Path in, Path out, Path rejected, DocumentFunction fn, Iterable<String> rules,
                          String checkpointKey) {
        Path ckpt = out.resolveSibling(out.getFileName() + ".ckpt");
        long skip = 0, outBytes = 0, rejBytes = 0;
        StepCounts counts = new StepCounts(rules);
        JsonNode saved = checkpointKey == null ? null : readCheckpoint(ckpt, checkpointKey, out, rejected);
        if (saved != null) {
            skip = saved.get("input_documents").asLong();
            outBytes = saved.get("out_bytes").asLong();
            rejBytes = saved.get("rejected_bytes").asLong();
            counts = StepCounts.fromJson(saved.get("counts"));
        }
        StepCounts c = counts;
        progress.start(task, JsonlReader.count(in));
        progress.advance(skip);
        try (JsonlOutput o = JsonlOutput.open(out, outBytes);
             JsonlOutput r = rejected == null ? null : JsonlOutput.open(rejected, rejBytes)) {
            long[] done = {skip};
            long[] sinceCheckpoint = {0};
            parallel.run(in, skip, (line, where) -> {
                DocumentFunction.Outcome oc = fn.apply(Docs.parse(line, where), where);
                return new Written(oc.kept() ? Docs.write(oc.doc()) : null, oc.kept() ? null : Docs.write(oc.doc()), oc);
            }, batch -> {
                for (Written w : batch) {
                    c.add(w.outcome());
                    if (w.kept() != null) {
                        o.write(w.kept());
                    } else if (r != null) {
                        r.write(w.rejected());
                    }
                }
                done[0] += batch.size();
                sinceCheckpoint[0] += batch.size();
                progress.advance(batch.size());
                if (checkpointKey != null && sinceCheckpoint[0] >= checkpointEvery) {
                    sinceCheckpoint[0] = 0;
                    o.flush();
                    if (r != null) {
                        r.flush();
                    }
                    writeCheckpoint(ckpt, checkpointKey, done[0], o.bytes(), r == null ? 0 : r.bytes(), c);
                }
                hook(task, done[0]);
            });
            if (r != null) {
                r.commit();
            }
            o.commit();
        } finally {
            progress.finish();
        }
        deleteQuietly(ckpt);
        return c;
    }

    private record Written(String kept, String rejected, DocumentFunction.Outcome outcome) {
    }

    /** Exact and near-duplicate removal: signatures in parallel, clusters on this thread, then a copy pass. */
    public DedupResult dedup(String task, Path in, Path out, Deduplicator dedup) {
        long total = JsonlReader.count(in);
        List<DedupSignature> sigs = new ArrayList<>((int) Math.min(total, Integer.MAX_VALUE - 8));
        progress.start(task + " (signatures)", total);
        try {
            long[] ordinal = {0};
            // workers compute signatures; ordinals are assigned here, in input order
            parallel.run(in, 0, (line, where) -> dedup.signature(-1, Docs.parse(line, where), where), batch -> {
                for (DedupSignature s : batch) {
                    sigs.add(new DedupSignature(ordinal[0]++, s.id(), s.sha0(), s.sha1(), s.minhash()));
                }
                progress.advance(batch.size());
                hook(task, ordinal[0]);
            });
        } finally {
            progress.finish();
        }
        DedupResult result = dedup.cluster(sigs);
        sigs.clear();
        copyKept(task, in, out, total, result::isRemoved);
        return result;
    }

    /** The top {@code percent} of documents by {@code field}: values in one pass, the cut, then a copy pass. */
    public StepCounts topPercent(String task, Path in, Path out, String field, double percent) {
        TopPercent.checkPercent(percent);
        long total = JsonlReader.count(in);
        if (total > Integer.MAX_VALUE - 8) {
            throw new PhiException(in + ": too many documents for --top-percent (" + total + ")");
        }
        double[] values = new double[(int) total];
        int[] n = {0};
        progress.start(task + " (values)", total);
        try {
            parallel.run(in, 0, (line, where) -> TopPercent.value(Docs.parse(line, where), field), batch -> {
                for (double v : batch) {
                    values[n[0]++] = v;
                }
                progress.advance(batch.size());
            });
        } finally {
            progress.finish();
        }
        TopPercent.Cutoff cut = TopPercent.cutoff(values, n[0], percent);
        TopPercent.Decider decider = new TopPercent.Decider(cut);
        StepCounts counts = new StepCounts(List.of("below_cutoff", "missing"));
        boolean[] drop = new boolean[n[0]];
        for (int i = 0; i < n[0]; i++) {
            ObjectNode dummy = Docs.newDoc();
            boolean keep = decider.keep(values[i]);
            drop[i] = !keep;
            counts.add(keep ? DocumentFunction.Outcome.keep(dummy)
                    : DocumentFunction.Outcome.drop(dummy, Double.isNaN(values[i]) ? "missing" : "below_cutoff", null));
        }
        copyKept(task, in, out, total, i -> drop[Math.toIntExact(i)]);
        return counts;
    }

    /** Copies the lines of {@code in} whose ordinal is not dropped, verbatim. */
    private void copyKept(String task, Path in, Path out, long total, java.util.function.LongPredicate dropped) {
        progress.start(task + " (write)", total);
        try (JsonlReader reader = new JsonlReader(in); JsonlOutput o = JsonlOutput.create(out)) {
            JsonlReader.Line line;
            long i = 0;
            while ((line = reader.next()) != null) {
                if (!dropped.test(i)) {
                    o.write(line.text());
                }
                i++;
                if ((i & 1023) == 0) {
                    progress.advance(1024);
                }
            }
            o.commit();
        } finally {
            progress.finish();
        }
    }

    private static JsonNode readCheckpoint(Path ckpt, String key, Path out, Path rejected) {
        if (!Files.isRegularFile(ckpt)) {
            return null;
        }
        try {
            JsonNode n = Docs.JSON.readTree(Files.readString(ckpt));
            if (!key.equals(n.path("key").asText())) {
                return null;
            }
            Path tmp = JsonlOutput.tmpOf(out);
            if (!Files.isRegularFile(tmp) || Files.size(tmp) < n.get("out_bytes").asLong()) {
                return null;
            }
            if (rejected != null) {
                Path rtmp = JsonlOutput.tmpOf(rejected);
                long rb = n.get("rejected_bytes").asLong();
                if (rb > 0 && (!Files.isRegularFile(rtmp) || Files.size(rtmp) < rb)) {
                    return null;
                }
                if (rb == 0) {
                    Files.write(rtmp, new byte[0]);
                }
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable checkpoint only costs a restart of the step
        }
    }

    private static void writeCheckpoint(Path ckpt, String key, long docs, long outBytes, long rejBytes, StepCounts c) {
        ObjectNode n = Docs.newDoc();
        n.put("key", key);
        n.put("input_documents", docs);
        n.put("out_bytes", outBytes);
        n.put("rejected_bytes", rejBytes);
        n.set("counts", c.toJson());
        AtomicFile.writeString(ckpt, Docs.write(n) + "\n");
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale checkpoint is ignored by key anyway
        }
    }

    @Override
    public void close() {
        parallel.close();
    }
}
