package io.phi4j.train.data;

import io.phi4j.PhiException;
import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.kernel.WorkerPool;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Tokenizers;
import io.phi4j.train.ops.Dropout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code phi data tokenize}: turns text, Markdown and JSON Lines files into token shards ({@link TokenShard})
 * in a {@link TokenDataset} directory. Each document is encoded as plain text (special-token spellings inside
 * it stay text) and followed by the end-of-text token. A seeded hash of each document's ordinal assigns it to
 * the held-out validation split with probability {@code valFraction}; the first document always trains, and if
 * no other was drawn the last one is held out (with a single document, its last {@code valFraction} of tokens).
 */
public final class DatasetBuilder {
    /** Tokenizer files copied from a Hugging Face directory, when present. */
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "vocab.json", "merges.txt", "added_tokens.json");

    private final Path tokenizerPath;
    private final Path outDir;
    private String field = "text";
    private double valFraction = 0.05;
    private long seed = 0;
    private int shardTokens = 100_000_000;

    public DatasetBuilder(Path tokenizerPath, Path outDir) {
        this.tokenizerPath = tokenizerPath;
        this.outDir = outDir;
    }

    public DatasetBuilder field(String f) {
        this.field = f;
        return this;
    }

    public DatasetBuilder valFraction(double f) {
        if (!(f >= 0 && f < 1)) {
            throw new PhiException("validation fraction must be in [0, 1), got " + f);
        }
        this.valFraction = f;
        return this;
    }

    public DatasetBuilder seed(long s) {
        this.seed = s;
        return this;
    }

    public DatasetBuilder shardTokens(int n) {
        if (n < 1024) {
            throw new PhiException("shard size must be at least 1024 tokens, got " + n);
        }
        this.shardTokens = n;
        return this;
    }

    /** What was written. */
    public record Summary(int files, long trainDocuments, long trainTokens, int trainShards, long valDocuments,
                          long valTokens, int valShards) {
    }

    public Summary build(List<Path> inputs, WorkerPool pool) {
        Tokenizer tok = loadTokenizer(tokenizerPath);
        int eos = tok.eosId();
        if (eos < 0) {
            throw new PhiException(tokenizerPath + ": the tokenizer has no end-of-text token to separate documents");
        }
        int vocab = Math.max(tok.vocabSize(), eos + 1);
        List<Path> files = DocumentReader.expand(inputs);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new PhiException(outDir + ": cannot create directory: " + e.getMessage(), e);
        }
        ShardWriter train = new ShardWriter(outDir, "train", shardTokens, vocab, eos);
        ShardWriter val = new ShardWriter(outDir, "val", shardTokens, vocab, eos);
        DocumentReader reader = new DocumentReader(field);
        long total = 0;
        for (Path f : files) {
            total += reader.count(f);
        }
        if (total == 0) {
            throw new PhiException("the input files contain no documents");
        }
        long documents = total;
        List<String> batch = new ArrayList<>();
        long[] ordinal = {0};
        boolean[] anyVal = {false};
        Runnable encodeBatch = () -> {
            int[][] encoded = new int[batch.size()][];
            pool.parallelFor(batch.size(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    encoded[i] = tok.encode(batch.get(i), false);
                }
            });
            for (int[] ids : encoded) {
                long i = ordinal[0]++;
                if (documents == 1 && valFraction > 0) {
                    // one document: its tail is the validation text
                    int cut = (int) Math.floor(ids.length * (1 - valFraction));
                    train.add(java.util.Arrays.copyOf(ids, cut));
                    val.addRaw(ids, cut, ids.length);
                    val.add(new int[0]);
                } else if (i > 0 && valFraction > 0 && (isValidation(i) || (i == documents - 1 && !anyVal[0]))) {
                    val.add(ids);
                    anyVal[0] = true;
                } else {
                    train.add(ids);
                }
            }
            batch.clear();
        };
        long[] chars = {0};
        for (Path f : files) {
            reader.read(f, doc -> {
                batch.add(doc);
                chars[0] += doc.length();
                if (batch.size() >= 4096 || chars[0] >= (64 << 20)) {
                    encodeBatch.run();
                    chars[0] = 0;
                }
            });
        }
        encodeBatch.run();
        train.flush();
        val.flush();
        removeStale(train.written(), val.written());
        copyTokenizer(tokenizerPath, outDir.resolve(TokenDataset.TOKENIZER_DIR));
        Summary s = new Summary(files.size(), train.documents(), train.tokens(), train.written().size(),
                val.documents(), val.tokens(), val.written().size());
        writeManifest(tok, vocab, eos, files, s);
        return s;
    }

    private boolean isValidation(long ordinal) {
        double u = (Dropout.mix(seed * 0x9e3779b97f4a7c15L + ordinal) >>> 11) * 0x1.0p-53;
        return u < valFraction;
    }

    public static Tokenizer loadTokenizer(Path p) {
        if (Files.isDirectory(p)) {
            return Tokenizers.fromHuggingFaceDir(p);
        }
        if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")) {
            return Tokenizers.fromTokenizerJson(p);
        }
        throw new PhiException(p + ": not a tokenizer (give a Hugging Face model directory or a tokenizer.json)");
    }

    /** Copies the tokenizer files so the dataset (and checkpoints trained on it) carry their tokenizer. */
    public static void copyTokenizer(Path from, Path toDir) {
        try {
            Files.createDirectories(toDir);
            if (Files.isRegularFile(from)) {
                copy(from, toDir.resolve("tokenizer.json"));
                return;
            }
            for (String name : TOKENIZER_FILES) {
                Path f = from.resolve(name);
                if (Files.isRegularFile(f)) {
                    copy(f, toDir.resolve(name));
                }
            }
        } catch (IOException e) {
            throw new PhiException(toDir + ": cannot copy tokenizer files: " + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            return;
        }
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void removeStale(List<Path> train, List<Path> val) {
        List<Path> keep = new ArrayList<>(train);
        keep.addAll(val);
        try (Stream<Path> s = Files.list(outDir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if ((n.startsWith("train-") || n.startsWith("val-")) && n.endsWith(".tok") && !keep.contains(p)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeManifest(Tokenizer tok, int vocab, int eos, List<Path> files, Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "phi4j-token-shards");
        m.put("version", TokenShard.VERSION);
        m.put("tokenizer", Map.of("vocab_size", vocab, "eos_token_id", eos, "source", tokenizerPath.toString()));
        m.put("field", field);
        m.put("val_fraction", valFraction);
        m.put("seed", seed);
        m.put("train", Map.of("documents", s.trainDocuments(), "tokens", s.trainTokens(), "shards", s.trainShards()));
        m.put("val", Map.of("documents", s.valDocuments(), "tokens", s.valTokens(), "shards", s.valShards()));
        m.put("sources", files.stream().map(Path::toString).toList());
        try {
            String json = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(m);
            AtomicFile.writeString(outDir.resolve(TokenDataset.MANIFEST), json + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
