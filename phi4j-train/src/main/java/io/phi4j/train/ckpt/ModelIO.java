package io.phi4j.train.ckpt;

import io.phi4j.Model;
import io.phi4j.format.hf.HfCheckpointWriter;
import io.phi4j.format.hf.HfPhiConfig;
import io.phi4j.model.PhiConfig;
import io.phi4j.tensor.GgmlType;
import io.phi4j.train.data.DatasetBuilder;
import io.phi4j.train.model.PhiParams;

import java.nio.file.Path;
import java.util.Locale;

/** Model weights in and out of training: any file phi4j loads in, Hugging Face layout out. */
public final class ModelIO {
    private ModelIO() {
    }

    /** Float32 copies of a model's weights (GGUF of any type, safetensors, Hugging Face directory). */
    public static PhiParams load(Path path) {
        try (Model m = Model.load(path)) {
            return PhiParams.of(m.weights());
        }
    }

    /**
     * Writes {@code params} as a Hugging Face checkpoint into {@code dir} (model.safetensors in float32,
     * config.json carrying the dropout rates used in training) and copies the tokenizer files from
     * {@code tokenizerDir} if given. Each file is written atomically.
     */
    public static void save(Path dir, PhiParams params, float residPdrop, float embdPdrop, Path tokenizerDir) {
        PhiConfig c = params.config();
        HfCheckpointWriter.write(dir, c, params.toTensors(false), GgmlType.F32);
        // HfPhiConfig writes microsoft/phi-2's dropout constants; record the ones this model was trained with.
        String json = HfPhiConfig.toJson(c, GgmlType.F32)
                .replace("\"resid_pdrop\": 0.1,", "\"resid_pdrop\": " + pyFloat(residPdrop) + ",")
                .replace("\"embd_pdrop\": 0.0,", "\"embd_pdrop\": " + pyFloat(embdPdrop) + ",");
        io.phi4j.format.safetensors.AtomicFile.writeString(dir.resolve("config.json"), json);
        if (tokenizerDir != null) {
            DatasetBuilder.copyTokenizer(tokenizerDir, dir);
        }
    }

    /** A float as Python's repr writes it (0.1 → "0.1", 0 → "0.0"). */
    static String pyFloat(float v) {
        double d = Double.parseDouble(Float.toString(v));
        String s = Double.toString(d);
        return s.contains("E") ? String.format(Locale.ROOT, "%.17g", d) : s;
    }
}
