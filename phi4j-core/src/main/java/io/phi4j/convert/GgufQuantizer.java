package io.phi4j.convert;

import io.phi4j.PhiException;
import io.phi4j.format.gguf.GgufFile;
import io.phi4j.format.gguf.GgufPhiModel;
import io.phi4j.format.gguf.GgufValue;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.Codecs;
import io.phi4j.tensor.GgmlType;
import io.phi4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GGUF → GGUF of another type, as llama.cpp's {@code llama-quantize} does it (without an importance matrix):
 * every metadata key is copied, then {@code general.quantization_version} and {@code general.file_type} are set
 * (moved to the end, as ggml's gguf_set_val does); tensors are written in llama.cpp's order (outside blocks
 * first, then by block, by name) with the types of {@link QuantMixture}; the quantizers round exactly as
 * ggml's reference quantizers, so the file is byte-identical to llama-quantize's for the same input.
 */
public final class GgufQuantizer {
    private GgufQuantizer() {
    }

    /**
     * @param allowRequantize permit re-encoding tensors that are already quantized (llama-quantize's
     *                        {@code --allow-requantize}); quality suffers
     */
    public static ConversionResult quantize(Path source, Path out, LlamaFileType fileType, boolean pure,
                                            boolean allowRequantize, Progress progress) {
        if (source.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new PhiException(out + ": the output must be another file than the input");
        }
        try (Arena arena = Arena.ofShared()) {
            GgufFile in = GgufFile.open(source, arena);
            PhiConfig config = GgufPhiModel.config(in);
            List<QuantMixture.TensorInfo> infos = new ArrayList<>();
            Map<String, Tensor> byName = new LinkedHashMap<>();
            for (Tensor t : in.tensors()) {
                infos.add(new QuantMixture.TensorInfo(t.name(), t.shape(), t.type()));
                byName.put(t.name(), t);
            }
            Map<String, GgmlType> types = QuantMixture.choose(infos, fileType, pure, config.numLayers());
            List<GgufOutput.OutTensor> planned = new ArrayList<>();
            for (Map.Entry<String, GgmlType> e : types.entrySet()) {
                Tensor t = byName.get(e.getKey());
                GgmlType target = e.getValue();
                if (t.type() != target) {
                    if (!Codecs.isSupported(t.type())) {
                        throw new PhiException(source.getFileName() + ": tensor " + t.name() + " has type " + t.type()
                                + ", which phi4j cannot decode");
                    }
                    if (t.type().isQuantized() && !allowRequantize) {
                        throw new PhiException(source.getFileName() + ": tensor " + t.name() + " is already " + t.type()
                                + "; requantizing loses quality (pass --allow-requantize to do it anyway)");
                    }
                }
                planned.add(GgufOutput.OutTensor.from(t, target));
            }
            Map<String, GgufValue> meta = new LinkedHashMap<>(in.metadata());
            meta.remove("general.quantization_version");
            meta.remove("general.file_type");
            meta.remove("split.no");
            meta.remove("split.count");
            meta.remove("split.tensors.count");
            meta.put("general.quantization_version", GgufValue.uint32(PhiGgufMetadata.QUANTIZATION_VERSION));
            meta.put("general.file_type", GgufValue.uint32(fileType.id()));
            GgufOutput.write(out, meta, planned, "Quantizing", progress);
            long params = planned.stream().mapToLong(GgufOutput.OutTensor::elements).sum();
            return new ConversionResult(out, GgufOutput.typeCounts(planned), params, HfToGguf.size(out));
        }
    }
}
