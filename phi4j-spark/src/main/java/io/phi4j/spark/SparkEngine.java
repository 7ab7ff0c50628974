package io.phi4j.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;
import io.phi4j.convert.Progress;
import io.phi4j.data.curate.DedupResult;
import io.phi4j.data.curate.DedupSignature;
import io.phi4j.data.curate.Deduplicator;
import io.phi4j.data.curate.DocumentFunction;
import io.phi4j.data.curate.Docs;
import io.phi4j.data.curate.IngestOptions;
import io.phi4j.data.curate.Ingester;
import io.phi4j.data.curate.JsonlOutput;
import io.phi4j.data.curate.Pipeline;
import io.phi4j.data.curate.PipelineEngine;
import io.phi4j.data.curate.PipelineStep;
import io.phi4j.data.curate.StepCounts;
import io.phi4j.data.curate.StepResult;
import io.phi4j.data.curate.TopPercent;
import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.train.data.DatasetBuilder;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs a curation {@link Pipeline} as a Spark job with the same step code as the local engine: documents are an
 * RDD of JSON lines kept in input order (parallelize, map and filter preserve partition order, and
 * {@code zipWithIndex} numbers documents in that order), so the output equals the local engine's line for line.
 * Per-document steps run as a map on the executors; deduplication computes signatures on the executors and
 * clusters them on the driver ({@link Deduplicator#cluster}); top-percent collects the values (8 bytes per
 * document) for the exact cut. Each step's output is streamed to the driver ({@code toLocalIterator}, one partition
 * at a time) into {@code work_dir/NN-step.jsonl} with the same manifest as locally. Input files must be readable
 * at the same path on every executor (a shared file system on a cluster).
 */
public final class SparkEngine implements PipelineEngine {
    private final String master;
    private final Progress progress;

    public SparkEngine(String master, Progress progress) {
        this.master = master;
        this.progress = progress;
    }

    /** An input file in serializable form (paths are not serializable). */
    record FileRef(String path, String source, String relative) implements java.io.Serializable {
    }

    @Override
    public List<StepResult> run(Pipeline p) {
        try {
            Files.createDirectories(p.workDir());
        } catch (IOException e) {
            throw new PhiException(p.workDir() + ": cannot create directory: " + e.getMessage(), e);
        }
        SparkSession spark = SparkSessions.create(master, "phi4j curate " + p.file().getFileName());
        try (JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext())) {
            return run(p, jsc);
        } finally {
            spark.stop();
        }
    }

    private List<StepResult> run(Pipeline p, JavaSparkContext jsc) {
        List<StepResult> results = new ArrayList<>();
        JavaRDD<String> docs = null;
        Path current = null;
        if (!p.stages().getFirst().name().equals("ingest")) {
            current = p.inputs().getFirst();
            if (!Files.isRegularFile(current)) {
                throw new PhiException(current + ": file not found");
            }
            docs = jsc.textFile(current.toAbsolutePath().toUri().toString()).filter(l -> !l.isBlank());
        }
        for (Pipeline.Stage st : p.stages()) {
            String stem = String.format("%02d-%s", st.index(), st.name());
            Path out = p.workDir().resolve(stem + ".jsonl");
            long t0 = System.nanoTime();
            progress.start(st.index() + "/" + st.name() + " (spark)", -1);
            ObjectNode report;
            JavaRDD<String> next;
            String where = current == null ? "document" : current.toString();
            try {
                switch (st.step()) {
                    case PipelineStep.Ingest ing -> {
                        List<FileRef> files = files(p.inputs(), ing.options());
                        next = ingest(jsc, files, ing.options());
                        report = Docs.newDoc();
                        report.put("files", files.size());
                    }
                    case PipelineStep.Map m -> {
                        DocumentFunction fn = m.function();
                        JavaRDD<Tuple2<String, String>> outcomes = docs.zipWithIndex().map(t -> {
                            DocumentFunction.Outcome o = fn.apply(Docs.parse(t._1(), where + ":" + (t._2() + 1)), where + ":" + (t._2() + 1));
                            return new Tuple2<>(o.rule(), Docs.write(o.doc()));
                        }).persist(StorageLevel.MEMORY_AND_DISK());
                        StepCounts counts = new StepCounts(m.rules());
                        Map<String, Long> byRule = outcomes.map(t -> t._1() == null ? "" : t._1()).countByValue();
                        for (var e : byRule.entrySet()) {
                            for (long i = 0; i < e.getValue(); i++) {
                                ObjectNode none = null;
                                counts.add(e.getKey().isEmpty() ? DocumentFunction.Outcome.keep(none)
                                        : DocumentFunction.Outcome.drop(none, e.getKey(), null));
                            }
                        }
                        report = counts.toJson();
                        if (m.keepRejected()) {
                            write(outcomes.filter(t -> t._1() != null).map(Tuple2::_2), out.resolveSibling(stem + ".rejected.jsonl"));
                        }
                        next = outcomes.filter(t -> t._1() == null).map(Tuple2::_2);
                    }
                    case PipelineStep.Dedup d -> {
                        Deduplicator dedup = new Deduplicator(d.options());
                        JavaRDD<Tuple2<String, Long>> indexed = docs.zipWithIndex().rdd().toJavaRDD().persist(StorageLevel.MEMORY_AND_DISK());
                        List<DedupSignature> sigs = new ArrayList<>(indexed
                                .map(t -> dedup.signature(t._2(), Docs.parse(t._1(), where + ":" + (t._2() + 1)), where + ":" + (t._2() + 1)))
                                .collect());
                        sigs.sort(java.util.Comparator.comparingLong(DedupSignature::ordinal));
                        DedupResult r = dedup.cluster(sigs);
                        Broadcast<BitSet> removed = jsc.broadcast(r.removed());
                        report = r.report();
                        next = indexed.filter(t -> !removed.value().get(Math.toIntExact(t._2()))).map(Tuple2::_1);
                    }
                    case PipelineStep.TopPercentFilter f -> {
                        String field = f.field();
                        JavaRDD<Tuple2<String, Long>> indexed = docs.zipWithIndex().rdd().toJavaRDD().persist(StorageLevel.MEMORY_AND_DISK());
                        List<Double> vals = indexed.map(t -> TopPercent.value(Docs.parse(t._1(), where + ":" + (t._2() + 1)), field)).collect();
                        double[] values = vals.stream().mapToDouble(Double::doubleValue).toArray();
                        TopPercent.Cutoff cut = TopPercent.cutoff(values.clone(), values.length, f.percent());
                        TopPercent.Decider decider = new TopPercent.Decider(cut);
                        BitSet keep = new BitSet(values.length);
                        StepCounts counts = new StepCounts(List.of("below_cutoff", "missing"));
                        for (int i = 0; i < values.length; i++) {
                            boolean k = decider.keep(values[i]);
                            keep.set(i, k);
                            ObjectNode none = null;
                            counts.add(k ? DocumentFunction.Outcome.keep(none)
                                    : DocumentFunction.Outcome.drop(none, Double.isNaN(values[i]) ? "missing" : "below_cutoff", null));
                        }
                        Broadcast<BitSet> kept = jsc.broadcast(keep);
                        report = counts.toJson();
                        report.put("top_percent", f.percent());
                        next = indexed.filter(t -> kept.value().get(Math.toIntExact(t._2()))).map(Tuple2::_1);
                    }
                    case PipelineStep.Tokenize t -> {
                        Path dir = t.out() != null ? t.out() : p.workDir().resolve(stem);
                        DatasetBuilder.Summary s = new DatasetBuilder(t.tokenizer(), dir).field(t.field())
                                .valFraction(t.valFraction()).seed(t.seed()).shardTokens(t.shardTokens())
                                .build(List.of(current), WorkerPool.shared());
                        report = Docs.newDoc();
                        report.put("train_documents", s.trainDocuments());
                        report.put("train_tokens", s.trainTokens());
                        report.put("val_documents", s.valDocuments());
                        report.put("val_tokens", s.valTokens());
                        out = dir;
                        next = docs;
                    }
                }
                if (!(st.step() instanceof PipelineStep.Tokenize)) {
                    next = next.persist(StorageLevel.MEMORY_AND_DISK());
                    long n = write(next, out);
                    if (st.step() instanceof PipelineStep.Ingest) {
                        report.put("documents", n);
                    }
                    if (docs != null) {
                        docs.unpersist(false);
                    }
                }
            } catch (Exception e) { // Scala code throws SparkException (a checked exception) undeclared
                throw stepError(st, e);
            } finally {
                progress.finish();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            ObjectNode m = Docs.newDoc();
            m.put("step", st.name());
            m.put("engine", "spark");
            m.set("options", st.options());
            m.put("output", out.toString());
            m.put("seconds", Math.round(secs * 1000) / 1000.0);
            m.set("report", report);
            AtomicFile.writeString(p.workDir().resolve(stem + ".json"), Docs.pretty(m));
            results.add(new StepResult(st.index(), st.name(), out, false, report, secs));
            docs = next;
            current = out;
        }
        if (p.output() != null && !(p.stages().getLast().step() instanceof PipelineStep.Tokenize)) {
            try {
                Files.copy(current, tmp(p.output()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp(p.output()), p.output(), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new PhiException(p.output() + ": cannot write: " + e.getMessage(), e);
            }
        }
        return results;
    }

    /**
     * The user's one-line message of a failed step. An error inside a task reaches the driver inside a
     * SparkException, as a cause or only as text ("… io.phi4j.PhiException: file:2: malformed JSON …").
     */
    static RuntimeException stepError(Pipeline.Stage st, Exception e) {
        String prefix = "step " + st.index() + " (" + st.name() + "): ";
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PhiException) {
                return new PhiException(prefix + c.getMessage(), e);
            }
        }
        String msg = String.valueOf(e.getMessage());
        String marker = PhiException.class.getName() + ": ";
        int at = msg.indexOf(marker);
        if (at >= 0) {
            return new PhiException(prefix + msg.substring(at + marker.length()).lines().findFirst().orElse(""), e);
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException(prefix + "Spark job failed: "
                + msg.lines().findFirst().orElse(""), e);
    }

    private static Path tmp(Path p) {
        return p.resolveSibling(p.getFileName() + ".tmp");
    }

    /** Ingest on the executors: each file is read where its partition runs; ids come from paths, not from order. */
    private static List<FileRef> files(List<Path> inputs, IngestOptions options) {
        return new Ingester(options).files(inputs).stream()
                .map(f -> new FileRef(f.path().toAbsolutePath().toString(), f.source(), f.relative())).toList();
    }

    private static JavaRDD<String> ingest(JavaSparkContext jsc, List<FileRef> files, IngestOptions options) {
        int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 4));
        return jsc.parallelize(files, slices).flatMap(f -> {
            List<String> out = new ArrayList<>();
            new Ingester(options).read(new Ingester.InputFile(Path.of(f.path()), f.source(), f.relative()), d -> out.add(Docs.write(d)));
            Iterator<String> it = out.iterator();
            return it;
        });
    }

    /** Streams an RDD to a local JSON Lines file in partition order, atomically; returns the number of lines. */
    private static long write(JavaRDD<String> rdd, Path out) {
        long n = 0;
        try (JsonlOutput o = JsonlOutput.create(out)) {
            for (Iterator<String> it = rdd.toLocalIterator(); it.hasNext(); ) {
                o.write(it.next());
                n++;
            }
            o.commit();
        }
        return n;
    }
}
