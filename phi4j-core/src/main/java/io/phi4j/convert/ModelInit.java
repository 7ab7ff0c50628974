package io.phi4j.convert;

import io.phi4j.PhiException;
import io.phi4j.format.gguf.GgufValue;
import io.phi4j.format.hf.HfPhiConfig;
import io.phi4j.format.hf.HfTensorNames;
import io.phi4j.format.hf.HfLayout;
import io.phi4j.format.hf.PhiTensorShapes;
import io.phi4j.format.safetensors.AtomicFile;
import io.phi4j.format.safetensors.SafetensorsWriter;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.WeightInit;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;
import io.phi4j.tensor.TensorEncoder;
import io.phi4j.tokenizer.GgufVocab;
import io.phi4j.tokenizer.HfTokenizerFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a Phi model with freshly initialised weights ({@link WeightInit}) and the Phi-2 tokenizer, streamed to
 * disk tensor by tensor: a GGUF file (types chosen as {@link HfToGguf} would from an F32 checkpoint, so a Q4_0
 * file has llama.cpp's mixture) or a Hugging Face directory (every tensor in one dtype, as transformers saves).
 */
public final class ModelInit {
    private ModelInit() {
    }

    public static ConversionResult writeGguf(PhiConfig config, WeightInit init, LlamaFileType fileType, boolean pure,
                                             String name, Path out, Progress progress) {
        GgufVocab vocab = phi2Vocab(config);
        List<QuantMixture.TensorInfo> infos = new ArrayList<>();
        Map<String, long[]> shapes = PhiTensorShapes.expected(config, false);
        shapes.forEach((n, s) -> infos.add(new QuantMixture.TensorInfo(n, s, GgmlType.F32)));
        Map<String, GgmlType> types = QuantMixture.choose(infos, fileType, pure, config.numLayers());
        List<GgufOutput.OutTensor> planned = new ArrayList<>();
        long params = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] s = e.getValue();
            planned.add(new GgufOutput.OutTensor(e.getKey(), s, types.get(e.getKey()),
                    init.rows(e.getKey(), Math.toIntExact(s[s.length - 1])), null));
            params += Tensor.elementCount(s);
        }
        ModelNaming naming = new ModelNaming(name, null, null, null, null, ModelNaming.roundedCount(params));
        Map<String, GgufValue> meta = PhiGgufMetadata.build(config, naming, fileType, vocab);
        GgufOutput.write(out, meta, planned, "Writing", progress);
        return new ConversionResult(out, GgufOutput.typeCounts(planned), params, HfToGguf.size(out));
    }

    /** A Hugging Face directory: model.safetensors (every tensor {@code dtype}), config.json, tokenizer files. */
    public static ConversionResult writeHf(PhiConfig config, WeightInit init, GgmlType dtype, double std, Path dir,
                                           Progress progress) {
        if (dtype != GgmlType.F32 && dtype != GgmlType.F16 && dtype != GgmlType.BF16) {
            throw new PhiException("a Hugging Face directory stores f32, f16 or bf16 weights, not " + dtype.name().toLowerCase()
                    + " (write a .gguf file for quantized types)");
        }
        phi2Vocab(config); // checks the vocabulary fits before anything is written
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PhiException(dir + ": cannot create directory: " + e.getMessage(), e);
        }
        HfTensorNames names = HfTensorNames.forLayout(HfLayout.PHI, config.numLayers());
        List<SafetensorsWriter.PendingTensor> pending = new ArrayList<>();
        long params = 0;
        for (Map.Entry<String, long[]> e : PhiTensorShapes.expected(config, false).entrySet()) {
            long[] s = e.getValue();
            int cols = Math.toIntExact(s[s.length - 1]);
            long rows = Tensor.elementCount(s) / cols;
            TensorEncoder.RowSource src = init.rows(e.getKey(), cols);
            pending.add(new SafetensorsWriter.PendingTensor(names.toHf(e.getKey()), dtype, s,
                    region -> TensorEncoder.encode(src, rows, cols, dtype, region, progress::advance)));
            params += Tensor.elementCount(s);
        }
        progress.start("Writing", params);
        try {
            SafetensorsWriter.writePending(dir.resolve("model.safetensors"), pending, SafetensorsWriter.PT_METADATA);
        } finally {
            progress.finish();
        }
        String json = HfPhiConfig.toJson(config, dtype);
        if (std != WeightInit.DEFAULT_STD) {
            json = json.replace("\"initializer_range\": 0.02,", "\"initializer_range\": " + std + ",");
        }
        AtomicFile.writeString(dir.resolve("config.json"), json);
        HfTokenizerFiles.copyPhi2(dir);
        long bytes = dtype.byteSize(params);
        return new ConversionResult(dir, Map.of(dtype.name(), pending.size()), params, bytes);
    }

    private static GgufVocab phi2Vocab(PhiConfig config) {
        return HfTokenizerFiles.phi2Vocab(config.vocabSize());
    }
}
