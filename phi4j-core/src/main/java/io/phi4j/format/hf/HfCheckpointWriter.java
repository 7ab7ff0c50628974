package io.phi4j.format.hf;

import io.phi4j.PhiException;
import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.format.safetensors.SafetensorsWriter;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.TensorNames;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a checkpoint that transformers' {@code PhiForCausalLM.from_pretrained} loads: config.json as
 * microsoft/phi-2 has it and {@code model.safetensors} (or shards plus {@code model.safetensors.index.json})
 * in the current layout, every tensor stored as one dtype. Each file is written atomically. Tokenizer files
 * are the caller's to copy.
 */
public final class HfCheckpointWriter {
    /** transformers' default {@code max_shard_size} ("5GB" = 5 × 10^9 bytes). */
    public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;

    private HfCheckpointWriter() {
    }

    /** Writes a single {@code model.safetensors} whatever its size. */
    public static List<Path> write(Path dir, PhiConfig config, Map<String, Tensor> canonical, GgmlType dtype) {
        return write(dir, config, canonical, dtype, Long.MAX_VALUE);
    }

    /**
     * @param canonical     tensors under canonical names; a fused {@code attn_qkv} is split into q_proj/k_proj/v_proj
     * @param dtype         F32, F16 or BF16 for every tensor
     * @param maxShardBytes shard size limit (Hugging Face's greedy split); {@code Long.MAX_VALUE} for one file
     * @return the files written: weights (shards, then index) and config.json
     */
    public static List<Path> write(Path dir, PhiConfig config, Map<String, Tensor> canonical, GgmlType dtype,
                                   long maxShardBytes) {
        return write(dir, config, canonical, dtype, maxShardBytes, null);
    }

    /** As above; {@code progress} (may be null) gets each tensor's element count once it is written. */
    public static List<Path> write(Path dir, PhiConfig config, Map<String, Tensor> canonical, GgmlType dtype,
                                   long maxShardBytes, java.util.function.LongConsumer progress) {
        HfPhiConfig.torchDtypeName(dtype); // rejects quantized types before anything is written
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("shard size must be positive: " + maxShardBytes);
        }
        List<Tensor> hfTensors = toHfTensors(config, canonical);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PhiException(dir + ": cannot create directory: " + e.getMessage(), e);
        }
        List<Path> written = new ArrayList<>(SafetensorsWriter.writeSharded(dir, "model.safetensors", hfTensors,
                dtype, maxShardBytes, SafetensorsWriter.PT_METADATA, progress));
        Path configFile = dir.resolve("config.json");
        AtomicFile.writeString(configFile, HfPhiConfig.toJson(config, dtype));
        written.add(configFile);
        return written;
    }

    /** Canonical tensors renamed to the current layout, in state-dict order, after checking names and shapes. */
    static List<Tensor> toHfTensors(PhiConfig config, Map<String, Tensor> canonical) {
        HfTensorNames names = HfTensorNames.forLayout(HfLayout.PHI, config.numLayers());
        Map<String, long[]> expected = PhiTensorShapes.expected(config, false);
        Set<String> used = new HashSet<>();
        List<Tensor> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String name = e.getKey();
            Tensor t = canonical.get(name);
            if (t == null) {
                t = fromFusedQkv(config, canonical, name);
            } else {
                used.add(name);
            }
            if (t == null) {
                throw new PhiException("cannot write a Hugging Face checkpoint: tensor " + name + " is missing");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new PhiException("cannot write a Hugging Face checkpoint: tensor " + name + " has shape "
                        + Arrays.toString(t.shape()) + ", the config needs " + Arrays.toString(e.getValue()));
            }
            out.add(t.withName(names.toHf(name)));
        }
        for (String name : canonical.keySet()) {
            if (!used.contains(name) && !isFusedQkv(name)) {
                throw new PhiException("cannot write a Hugging Face checkpoint: tensor " + name
                        + " has no place in a Phi model with " + config.numLayers() + " layers");
            }
        }
        return out;
    }

    private static boolean isFusedQkv(String name) {
        return name.matches("blk\\.\\d+\\." + TensorNames.ATTN_QKV + "\\.(weight|bias)");
    }

    /** Rows of {@code blk.N.attn_qkv} for a missing attn_q / attn_k / attn_v: [q: hidden; k: kvDim; v: kvDim]. */
    private static Tensor fromFusedQkv(PhiConfig c, Map<String, Tensor> canonical, String name) {
        String[] parts = name.split("\\.");
        if (parts.length != 4 || !parts[0].equals("blk")) {
            return null;
        }
        long start;
        long count;
        switch (parts[2]) {
            case TensorNames.ATTN_Q -> { start = 0; count = c.hiddenSize(); }
            case TensorNames.ATTN_K -> { start = c.hiddenSize(); count = c.kvDim(); }
            case TensorNames.ATTN_V -> { start = c.hiddenSize() + (long) c.kvDim(); count = c.kvDim(); }
            default -> { return null; }
        }
        Tensor fused = canonical.get(TensorNames.layer(Integer.parseInt(parts[1]), TensorNames.ATTN_QKV, parts[3]));
        if (fused == null) {
            return null;
        }
        long fusedRows = c.hiddenSize() + 2L * c.kvDim();
        if (fused.dim(0) != fusedRows || fused.rank() > 2) {
            throw new PhiException("cannot write a Hugging Face checkpoint: tensor " + fused.name() + " has shape "
                    + Arrays.toString(fused.shape()) + ", expected " + fusedRows + " rows");
        }
        return splitRows(fused, name, start, count);
    }

    /** Rows {@code [start, start + count)} of a 1-D (bias) or 2-D tensor, sharing its memory. */
    static Tensor splitRows(Tensor t, String newName, long start, long count) {
        if (t.rank() == 2) {
            return t.sliceRows(newName, Math.toIntExact(start), Math.toIntExact(start + count));
        }
        return new Tensor(newName, t.type(), new long[] {count},
                t.data().asSlice(t.type().byteSize(start), t.type().byteSize(count)));
    }
}
