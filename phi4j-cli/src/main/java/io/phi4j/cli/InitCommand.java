package io.phi4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.phi4j.PhiException;
import io.phi4j.convert.ConversionResult;
import io.phi4j.convert.LlamaFileType;
import io.phi4j.convert.ModelInit;
import io.phi4j.format.hf.HfPhiConfig;
import io.phi4j.model.PhiConfig;
import io.phi4j.model.WeightInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a Phi model with freshly initialised weights: what a training run starts from.",
                "Weights follow Hugging Face's PhiPreTrainedModel._init_weights: linear and embedding weights N(0, 0.02²) "
                        + "(the config's initializer_range), biases 0, LayerNorm weights 1 and biases 0. The same seed gives "
                        + "the same weights. The Phi-2 tokenizer is embedded. The model is written tensor by tensor, so a "
                        + "full-size Phi-2 (2.78 B parameters) needs no more heap than a small one: a file to benchmark "
                        + "with, without downloading anything."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi init --arch phi-2 --dtype q8_0 --out phi-2-init.Q8_0.gguf",
                "  phi init --arch phi-1.5 --seed 7 --dtype f16 --out ./phi-1_5-init",
                "  phi init --config my-config.json --dtype f32 --out small.gguf"})
final class InitCommand implements Callable<Integer> {
    @Option(names = "--arch", paramLabel = "ARCH", description = "phi-2 (default), phi-1.5 or phi-1: the published model's shape.")
    String arch = "phi-2";

    @Option(names = "--config", paramLabel = "FILE", description = "A Hugging Face config.json giving the shape instead of --arch.")
    Path config;

    @Option(names = {"-s", "--seed"}, paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = {"-t", "--dtype"}, paramLabel = "TYPE",
            description = "f32, f16 (default), bf16, q8_0 or q4_0 (GGUF only; other GGUF types: "
                    + "q4_1, q5_0, q5_1, q4_k, q5_k, q6_k).")
    String dtype = "f16";

    @Option(names = "--pure", description = "Quantized types: every weight matrix in TYPE (no llama.cpp mixture).")
    boolean pure;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.gguf|DIR",
            description = "A .gguf file, or a directory for a Hugging Face checkpoint.")
    Path out;

    @Mixin QuietOption quiet;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LlamaFileType ft = LlamaFileType.parse(dtype);
        PhiConfig c;
        double std = WeightInit.DEFAULT_STD;
        int pad = -1;
        String name;
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new PhiException("config not found: " + config);
            }
            c = HfPhiConfig.read(config).config();
            JsonNode json = readJson(config);
            if (json.path("initializer_range").isNumber()) {
                std = json.get("initializer_range").asDouble();
            }
            if (json.path("pad_token_id").isIntegralNumber()) {
                pad = json.get("pad_token_id").asInt();
            }
            name = "Phi (random init, seed " + seed + ")";
        } else {
            c = switch (arch.toLowerCase(Locale.ROOT)) {
                case "phi-2", "phi2" -> PhiConfig.phi2();
                case "phi-1.5", "phi-1_5", "phi1.5", "phi-1", "phi1" -> PhiConfig.phi15(); // Phi-1 has Phi-1.5's shape
                default -> throw new PhiException("unknown --arch '" + arch + "'; choose phi-2, phi-1.5 or phi-1");
            };
            name = switch (arch.toLowerCase(Locale.ROOT)) {
                case "phi-2", "phi2" -> "Phi 2";
                case "phi-1", "phi1" -> "Phi 1";
                default -> "Phi 1.5";
            } + " (random init, seed " + seed + ")";
        }
        WeightInit init = new WeightInit(seed, std, pad);
        long t0 = System.nanoTime();
        ConversionResult r;
        if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            if (Files.isDirectory(out)) {
                throw new PhiException(out + " is a directory");
            }
            r = ModelInit.writeGguf(c, init, ft, pure, name, out, quiet.progress());
        } else {
            if (Files.isRegularFile(out)) {
                throw new PhiException(out + " is a file; give a directory for a Hugging Face checkpoint, or a name ending in .gguf");
            }
            if (pure) {
                throw new PhiException("--pure applies to quantized GGUF output only");
            }
            r = ModelInit.writeHf(c, init, ft.defaultType(), std, out, quiet.progress());
        }
        ConvertCommand.report(spec, r, t0);
        return Main.EXIT_OK;
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read: " + e.getMessage());
        }
    }
}
