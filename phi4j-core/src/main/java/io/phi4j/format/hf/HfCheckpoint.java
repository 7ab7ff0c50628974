package io.phi4j.format.hf;

import io.phi4j.PhiException;
import io.phi4j.format.safetensors.SafetensorsFile;
import io.phi4j.format.safetensors.SafetensorsIndex;
import io.phi4j.format.safetensors.SafetensorsSource;
import io.phi4j.format.safetensors.ShardedSafetensors;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.TensorNames;
import io.phi4j.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A Hugging Face Phi checkpoint opened for use: its config and its tensors, memory-mapped and renamed to
 * canonical names. Legacy layouts keep {@code attn_qkv} fused (rows [q; k; v]).
 *
 * @param config      the model shape
 * @param hfConfig    config.json as read (layout, dtype, original rotary factor)
 * @param tensors     canonical name → tensor, in file order
 * @param modelDir    the directory holding config.json (and the tokenizer files, if any)
 * @param weightFiles the safetensors files (and index) read
 * @param format      a one-line description, e.g. "Hugging Face phi (transformers layout), model.safetensors, F32"
 */
public record HfCheckpoint(PhiConfig config, HfPhiConfig hfConfig, Map<String, Tensor> tensors, Path modelDir,
                           List<Path> weightFiles, String format) {
    public HfCheckpoint {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        weightFiles = List.copyOf(weightFiles);
    }

    /**
     * Opens a model directory, a {@code .safetensors} file or a {@code .safetensors.index.json} inside one
     * (config.json must sit beside it). Tensors live as long as {@code arena}.
     */
    public static HfCheckpoint open(Path dirOrFile, Arena arena) {
        if (!Files.exists(dirOrFile)) {
            throw new PhiException(dirOrFile + ": no such file or directory");
        }
        Path dir;
        Path weights;
        if (Files.isDirectory(dirOrFile)) {
            dir = dirOrFile;
            weights = findWeights(dir);
        } else {
            String name = dirOrFile.getFileName().toString();
            dir = dirOrFile.toAbsolutePath().getParent();
            if (name.endsWith(".bin") || name.endsWith(".bin.index.json") || name.endsWith(".pt") || name.endsWith(".pth")) {
                throw pytorchOnly(dirOrFile);
            } else if (name.equals("config.json")) {
                weights = findWeights(dir);
            } else if (name.endsWith(".safetensors") || name.endsWith(".safetensors.index.json")) {
                weights = dirOrFile;
            } else {
                throw new PhiException(dirOrFile + ": not a Hugging Face checkpoint (expected a directory, "
                        + "a .safetensors file or a model.safetensors.index.json)");
            }
        }
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new PhiException(dir + ": no config.json beside the weights (a Hugging Face checkpoint needs it for the model shape)");
        }
        HfPhiConfig hf = HfPhiConfig.read(configFile);
        SafetensorsSource source = SafetensorsSource.open(weights, arena);
        Map<String, Tensor> tensors = canonicalTensors(source, hf);
        List<Path> files = new ArrayList<>();
        if (source instanceof ShardedSafetensors sharded) {
            sharded.shards().forEach(s -> files.add(s.path()));
        }
        files.add(weights);
        String types = String.join("+", new TreeSet<>(tensors.values().stream().map(t -> t.type().name()).toList()));
        String where = source instanceof ShardedSafetensors s ? s.shards().size() + " shards" : weights.getFileName().toString();
        String format = "Hugging Face " + hf.layout().modelType() + " (" + hf.layout().description() + "), "
                + where + ", " + types;
        return new HfCheckpoint(hf.config(), hf, tensors, dir, files, format);
    }

    /** The weights of a model directory: an index if there is one, else model.safetensors, else a sole *.safetensors. */
    static Path findWeights(Path dir) {
        Path index = dir.resolve(SafetensorsIndex.DEFAULT_NAME);
        if (Files.isRegularFile(index)) {
            return index;
        }
        Path single = dir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return single;
        }
        List<Path> indexes = list(dir, ".safetensors.index.json");
        if (indexes.size() == 1) {
            return indexes.getFirst();
        }
        List<Path> files = list(dir, ".safetensors");
        if (files.size() == 1) {
            return files.getFirst();
        }
        if (files.size() > 1) {
            throw new PhiException(dir + ": " + files.size() + " .safetensors files but no model.safetensors.index.json saying which tensor is where");
        }
        if (!list(dir, ".bin").isEmpty() || !list(dir, ".pt").isEmpty() || !list(dir, ".pth").isEmpty()) {
            throw pytorchOnly(dir);
        }
        throw new PhiException(dir + ": no model weights (no model.safetensors or model.safetensors.index.json)");
    }

    private static PhiException pytorchOnly(Path where) {
        return new PhiException(where + ": PyTorch .bin weights are not supported (they are Python pickles); convert "
                + "them to safetensors first, e.g. AutoModelForCausalLM.from_pretrained(dir).save_pretrained(out, safe_serialization=True)");
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new PhiException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static Map<String, Tensor> canonicalTensors(SafetensorsSource source, HfPhiConfig hf) {
        HfTensorNames names = HfTensorNames.forLayout(hf.layout(), hf.config().numLayers());
        String file = source.displayName();
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, String> hfNameOf = new LinkedHashMap<>();
        for (String hfName : source.names()) {
            if (HfTensorNames.isIgnorable(hfName)) {
                continue;
            }
            String canonical = names.toCanonical(hfName);
            if (canonical == null) {
                throw new PhiException(file + ": tensor " + hfName + " is not part of a " + hf.layout().modelType()
                        + " checkpoint with " + hf.config().numLayers() + " layers (does config.json match the weights?)");
            }
            String previous = hfNameOf.put(canonical, hfName);
            if (previous != null) {
                throw new PhiException(file + ": tensors " + previous + " and " + hfName + " are the same weight");
            }
            out.put(canonical, source.tensor(hfName).withName(canonical));
        }
        String outputWeight = TensorNames.OUTPUT + ".weight";
        if (hf.tieWordEmbeddings() && !out.containsKey(outputWeight) && out.containsKey(TensorNames.TOKEN_EMBD)) {
            // tie_word_embeddings: transformers reuses the embedding matrix as lm_head.weight.
            out.put(outputWeight, out.get(TensorNames.TOKEN_EMBD).withName(outputWeight));
            hfNameOf.put(outputWeight, hfNameOf.get(TensorNames.TOKEN_EMBD));
        }
        checkShapes(file, out, hfNameOf, hf, names);
        return out;
    }

    private static void checkShapes(String file, Map<String, Tensor> tensors, Map<String, String> hfNameOf,
                                    HfPhiConfig hf, HfTensorNames names) {
        for (Map.Entry<String, long[]> e : PhiTensorShapes.expected(hf.config(), hf.layout().fusedQkv()).entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new PhiException(file + ": tensor " + names.toHf(e.getKey()) + " is missing");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new PhiException(file + ": tensor " + hfNameOf.get(e.getKey()) + " has shape "
                        + Arrays.toString(t.shape()) + " but config.json implies " + Arrays.toString(e.getValue()));
            }
        }
    }
}
