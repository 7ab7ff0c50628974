package io.phi4j.convert;

import io.phi4j.PhiException;
import io.phi4j.format.gguf.GgufFile;
import io.phi4j.format.gguf.GgufPhiModel;
import io.phi4j.format.hf.HfCheckpointWriter;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import io.phi4j.tokenizer.GgufVocab;
import io.phi4j.tokenizer.HfTokenizerFiles;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GGUF → Hugging Face directory that transformers' {@code PhiForCausalLM.from_pretrained} loads:
 * {@code model.safetensors} (sharded above 5 GB, as transformers does) with current tensor names (a fused
 * {@code attn_qkv} is split into q/k/v), {@code config.json}, and the tokenizer files written from the GGUF
 * vocabulary (or copied from another directory). Quantized tensors are dequantized exactly.
 */
public final class GgufToHf {
    /** The tokenizer files copied by {@code --tokenizer DIR}. */
    private static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "vocab.json", "merges.txt",
            "added_tokens.json", "special_tokens_map.json", "tokenizer_config.json");

    private GgufToHf() {
    }

    /** The dtype a GGUF converts to by default: that of its weight matrices if all are F16 (or all BF16), else F32. */
    public static GgmlType defaultDtype(List<Tensor> tensors) {
        GgmlType common = null;
        for (Tensor t : tensors) {
            if (t.rank() < 2) {
                continue;
            }
            if (common == null) {
                common = t.type();
            } else if (common != t.type()) {
                return GgmlType.F32;
            }
        }
        return common == GgmlType.F16 || common == GgmlType.BF16 ? common : GgmlType.F32;
    }

    /**
     * @param dtype          F32, F16 or BF16; null for {@link #defaultDtype}
     * @param tokenizerFrom  a directory whose tokenizer files are copied instead of writing them from the GGUF
     *                       vocabulary; null to write them
     */
    public static ConversionResult convert(Path source, Path outDir, GgmlType dtype, Path tokenizerFrom, Progress progress) {
        try (Arena arena = Arena.ofShared()) {
            GgufFile in = GgufFile.open(source, arena);
            PhiConfig config = GgufPhiModel.config(in);
            Map<String, Tensor> tensors = GgufPhiModel.tensors(in);
            GgmlType type = dtype != null ? dtype : defaultDtype(new ArrayList<>(tensors.values()));
            GgufVocab vocab = GgufVocab.fromGguf(in.meta()).orElse(null);
            if (vocab == null && tokenizerFrom == null) {
                throw new PhiException(source.getFileName() + ": the GGUF file has no tokenizer; give one with --tokenizer DIR");
            }
            if (vocab != null && (config.bosTokenId() < 0 || config.eosTokenId() < 0)) {
                config = new PhiConfig(config.vocabSize(), config.hiddenSize(), config.intermediateSize(), config.numLayers(),
                        config.numHeads(), config.numKvHeads(), config.ropeDims(), config.ropeTheta(), config.layerNormEps(),
                        config.contextLength(), vocab.specialId("bos"), vocab.specialId("eos"));
            }
            try {
                Files.createDirectories(outDir);
            } catch (IOException e) {
                throw new PhiException(outDir + ": cannot create directory: " + e.getMessage(), e);
            }
            long total = tensors.values().stream().mapToLong(Tensor::elementCount).sum();
            progress.start("Converting", total);
            try {
                HfCheckpointWriter.write(outDir, config, tensors, type, HfCheckpointWriter.DEFAULT_MAX_SHARD_BYTES,
                        progress::advance);
            } finally {
                progress.finish();
            }
            if (tokenizerFrom != null) {
                copyTokenizer(tokenizerFrom, outDir);
            } else {
                HfTokenizerFiles.write(vocab, outDir, config.contextLength());
            }
            Map<String, Integer> types = new TreeMap<>();
            types.put(type.name(), tensors.size());
            return new ConversionResult(outDir, types, total, weightBytes(outDir));
        }
    }

    private static void copyTokenizer(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            throw new PhiException(from + ": not a directory (--tokenizer takes a Hugging Face model directory)");
        }
        boolean any = false;
        for (String name : TOKENIZER_FILES) {
            Path f = from.resolve(name);
            if (Files.isRegularFile(f)) {
                try {
                    Files.copy(f, to.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    any = true;
                } catch (IOException e) {
                    throw new PhiException(f + ": cannot copy: " + e.getMessage(), e);
                }
            }
        }
        if (!any) {
            throw new PhiException(from + ": no tokenizer files (tokenizer.json or vocab.json + merges.txt)");
        }
    }

    private static long weightBytes(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
