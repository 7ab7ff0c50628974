package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;
import io.phi4j.convert.Progress;
import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.train.data.DatasetBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link Pipeline} on this machine. Step i writes {@code work_dir/NN-name.jsonl} (atomically) and then a
 * manifest {@code NN-name.json} with its resume key ({@link StepKeys}) and report; a rerun skips every step whose
 * manifest and output are present with the same key, and map steps resume inside the step from their last
 * checkpoint ({@link LocalSteps}). Memory stays flat in corpus size except for deduplication's signatures and
 * top-percent's values (8 bytes per document).
 */
public final class LocalEngine implements PipelineEngine {
    private final int threads;
    private final Progress progress;
    private long checkpointEvery = 20_000;

    public LocalEngine(int threads, Progress progress) {
        this.threads = threads;
        this.progress = progress;
    }

    public LocalEngine checkpointEvery(long n) {
        this.checkpointEvery = n;
        return this;
    }

    @Override
    public List<StepResult> run(Pipeline p) {
        try {
            Files.createDirectories(p.workDir());
        } catch (IOException e) {
            throw new PhiException(p.workDir() + ": cannot create directory: " + e.getMessage(), e);
        }
        List<StepResult> results = new ArrayList<>();
        String key = "phi4j-curate-v1";
        Path current = p.stages().getFirst().name().equals("ingest") ? null : p.inputs().getFirst();
        if (current != null && !Files.isRegularFile(current)) {
            throw new PhiException(current + ": file not found");
        }
        try (LocalSteps steps = new LocalSteps(threads, progress).checkpointEvery(checkpointEvery)) {
            for (Pipeline.Stage st : p.stages()) {
                key = StepKeys.key(key, st.name(), st.options(), st.step() instanceof PipelineStep.Ingest ? p.inputs() : null);
                String stem = String.format("%02d-%s", st.index(), st.name());
                Path manifest = p.workDir().resolve(stem + ".json");
                Path out = st.step() instanceof PipelineStep.Tokenize t
                        ? (t.out() != null ? t.out() : p.workDir().resolve(stem))
                        : p.workDir().resolve(stem + ".jsonl");
                JsonNode done = completed(manifest, key, out);
                if (done != null) {
                    results.add(new StepResult(st.index(), st.name(), out, true, done.get("report"), 0));
                } else {
                    long t0 = System.nanoTime();
                    JsonNode report;
                    try {
                        report = runStep(steps, st, stem, current, out, p.inputs(), key);
                    } catch (PhiException e) {
                        throw new PhiException("step " + st.index() + " (" + st.name() + "): " + e.getMessage(), e);
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    ObjectNode m = Docs.newDoc();
                    m.put("step", st.name());
                    m.put("key", key);
                    m.set("options", st.options());
                    m.put("output", out.toString());
                    m.put("seconds", Math.round(secs * 1000) / 1000.0);
                    m.set("report", report);
                    AtomicFile.writeString(manifest, Docs.pretty(m));
                    results.add(new StepResult(st.index(), st.name(), out, false, report, secs));
                }
                current = out;
            }
        }
        if (p.output() != null && !(p.stages().getLast().step() instanceof PipelineStep.Tokenize)) {
            copyAtomically(current, p.output());
        }
        return results;
    }

    private JsonNode runStep(LocalSteps steps, Pipeline.Stage st, String stem, Path in, Path out, List<Path> inputs,
                             String key) {
        String task = st.index() + "/" + st.name();
        return switch (st.step()) {
            case PipelineStep.Ingest ing -> {
                Ingester r = steps.ingest(task, inputs, ing.options(), out);
                ObjectNode rep = Docs.newDoc();
                rep.put("files", r.filesRead());
                rep.put("documents", r.documents());
                rep.put("empty_skipped", r.empty());
                rep.put("latin1_files", r.latin1Files());
                yield rep;
            }
            case PipelineStep.Map m -> steps.map(task, in, out,
                    m.keepRejected() ? p(out, stem + ".rejected.jsonl") : null, m.function(), m.rules(), key).toJson();
            case PipelineStep.Dedup d -> steps.dedup(task, in, out, new Deduplicator(d.options())).report();
            case PipelineStep.TopPercentFilter f -> {
                ObjectNode rep = steps.topPercent(task, in, out, f.field(), f.percent()).toJson();
                rep.put("top_percent", f.percent());
                yield rep;
            }
            case PipelineStep.Tokenize t -> {
                DatasetBuilder.Summary s = new DatasetBuilder(t.tokenizer(), out).field(t.field())
                        .valFraction(t.valFraction()).seed(t.seed()).shardTokens(t.shardTokens())
                        .build(List.of(in), WorkerPool.shared());
                ObjectNode rep = Docs.newDoc();
                rep.put("train_documents", s.trainDocuments());
                rep.put("train_tokens", s.trainTokens());
                rep.put("train_shards", s.trainShards());
                rep.put("val_documents", s.valDocuments());
                rep.put("val_tokens", s.valTokens());
                rep.put("val_shards", s.valShards());
                yield rep;
            }
        };
    }

    private static Path p(Path out, String name) {
        return out.resolveSibling(name);
    }

    private static JsonNode completed(Path manifest, String key, Path out) {
        if (!Files.isRegularFile(manifest) || !Files.exists(out)) {
            return null;
        }
        try {
            JsonNode m = Docs.JSON.readTree(Files.readString(manifest));
            return key.equals(m.path("key").asText()) ? m : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static void copyAtomically(Path from, Path to) {
        Path tmp = JsonlOutput.tmpOf(to);
        try {
            Path dir = to.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PhiException(to + ": cannot write: " + e.getMessage(), e);
        }
    }
}
