package io.phi4j.convert;

import io.phi4j.format.gguf.GgufValue;
import io.phi4j.format.hf.HfCheckpoint;
import io.phi4j.format.hf.HfTensorNames;
import io.phi4j.format.safetensors.SafetensorsFile;
import io.phi4j.format.safetensors.SafetensorsSource;
import io.phi4j.format.safetensors.ShardedSafetensors;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import io.phi4j.tokenizer.GgufVocab;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face checkpoint (current or legacy layout, single or sharded, F32/F16/BF16) → GGUF, as llama.cpp's
 * {@code convert_hf_to_gguf.py} writes it for arch {@code phi2}: the metadata of {@link PhiGgufMetadata}, the
 * tokenizer of {@link GgufVocab#fromHuggingFaceDir}, 1-D tensors in F32 and weight matrices in the chosen type.
 * A legacy fused {@code Wqkv} stays one {@code attn_qkv} tensor, as the converter keeps it.
 *
 * <p>Quantized types that the Python converter does not offer (Q4_0 … Q6_K) give exactly the file that
 * converting to F32 and then running {@code llama-quantize} would give ({@link QuantMixture}); Q8_0 is the same
 * either way.
 */
public final class HfToGguf {
    private HfToGguf() {
    }

    public static ConversionResult convert(Path source, Path out, LlamaFileType fileType, boolean pure, Progress progress) {
        return convert(source, out, fileType, pure, progress, null);
    }

    /**
     * @param name the model's name for the GGUF metadata (general.name, basename, …), read as a model id; null
     *             derives it from config.json's {@code _name_or_path} or the directory name, as the converter does
     *             (a training checkpoint's directory is {@code step-000123}, so trained models want a name)
     */
    public static ConversionResult convert(Path source, Path out, LlamaFileType fileType, boolean pure, Progress progress,
                                           String name) {
        try (Arena arena = Arena.ofShared()) {
            HfCheckpoint ckpt = HfCheckpoint.open(source, arena);
            PhiConfig config = ckpt.config();
            GgufVocab vocab = GgufVocab.fromHuggingFaceDir(ckpt.modelDir(), config.vocabSize());
            if (config.bosTokenId() < 0 || config.eosTokenId() < 0) {
                config = withTokenIds(config, vocab);
            }
            List<Tensor> tensors = orderedTensors(ckpt, arena);
            List<GgufOutput.OutTensor> planned = plan(tensors, config, fileType, pure);
            long params = planned.stream().mapToLong(GgufOutput.OutTensor::elements).sum();
            Path dir = ckpt.modelDir().toAbsolutePath().normalize();
            ModelNaming naming = name != null ? named(name, params)
                    : ModelNaming.derive(ckpt.hfConfig().nameOrPath(),
                    dir.getFileName() == null ? "model" : dir.getFileName().toString(), params);
            Map<String, GgufValue> meta = PhiGgufMetadata.build(config, naming, fileType, vocab);
            GgufOutput.write(out, meta, planned, "Converting", progress);
            return new ConversionResult(out, GgufOutput.typeCounts(planned), params, size(out));
        }
    }

    /** {@code name} as given for general.name; basename, size label and the rest derived from it as from an id. */
    private static ModelNaming named(String name, long params) {
        ModelNaming d = ModelNaming.derive(name, name, params);
        return new ModelNaming(name, d.organization(), d.basename(), d.finetune(), d.version(), d.sizeLabel());
    }

    /**
     * The target type of every tensor: what the converter gives (1-D tensors and norms F32, matrices in the
     * file type's type) refined by llama-quantize's per-tensor choices for quantized types.
     */
    static List<GgufOutput.OutTensor> plan(List<Tensor> tensors, PhiConfig config, LlamaFileType fileType, boolean pure) {
        List<QuantMixture.TensorInfo> infos = new ArrayList<>();
        for (Tensor t : tensors) {
            infos.add(new QuantMixture.TensorInfo(t.name(), t.shape(), GgmlType.F32));
        }
        Map<String, GgmlType> types = QuantMixture.choose(infos, fileType, pure, config.numLayers());
        List<GgufOutput.OutTensor> out = new ArrayList<>();
        for (Tensor t : tensors) {
            out.add(GgufOutput.OutTensor.from(t, types.get(t.name())));
        }
        return out;
    }

    /**
     * The checkpoint's tensors in the order convert_hf_to_gguf.py writes them: shard files sorted by name, and
     * within each the tensor names sorted ({@code index_tensors} reads each part through SafetensorsLocal, whose
     * tensors are sorted by name). A tied output matrix, which has no entry of its own, comes last.
     */
    static List<Tensor> orderedTensors(HfCheckpoint ckpt, Arena arena) {
        Path weights = ckpt.weightFiles().getLast();
        SafetensorsSource source = SafetensorsSource.open(weights, arena);
        List<SafetensorsFile> parts = source instanceof ShardedSafetensors sharded
                ? sharded.shards().stream().sorted(Comparator.comparing(f -> f.path().getFileName().toString())).toList()
                : List.of((SafetensorsFile) source);
        HfTensorNames names = HfTensorNames.forLayout(ckpt.hfConfig().layout(), ckpt.config().numLayers());
        Map<String, Tensor> all = ckpt.tensors();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (SafetensorsFile part : parts) {
            for (String hfName : part.names().stream().sorted().toList()) {
                String canonical = names.toCanonical(hfName);
                if (canonical != null && all.containsKey(canonical)) {
                    out.put(canonical, all.get(canonical));
                }
            }
        }
        all.forEach(out::putIfAbsent);
        return new ArrayList<>(out.values());
    }

    private static PhiConfig withTokenIds(PhiConfig c, GgufVocab vocab) {
        return new PhiConfig(c.vocabSize(), c.hiddenSize(), c.intermediateSize(), c.numLayers(), c.numHeads(),
                c.numKvHeads(), c.ropeDims(), c.ropeTheta(), c.layerNormEps(), c.contextLength(),
                c.bosTokenId() >= 0 ? c.bosTokenId() : vocab.specialId("bos"),
                c.eosTokenId() >= 0 ? c.eosTokenId() : vocab.specialId("eos"));
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
