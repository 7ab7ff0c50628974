package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.convert.ConversionResult;
import io.phi4j.convert.GgufQuantizer;
import io.phi4j.convert.HfToGguf;
import io.phi4j.convert.LlamaFileType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Quantize a model to a GGUF file, as llama.cpp's llama-quantize does.",
                "Block layouts and rounding are ggml's, so the output is byte-identical to llama-quantize's for the same "
                        + "input. By default tensors get llama.cpp's mixture (e.g. the output matrix becomes Q6_K under "
                        + "Q4_0; with q4_k / q5_k, which mean Q4_K_M / Q5_K_M, some attn_v and ffn_down matrices become "
                        + "Q6_K; K-quants fall back to 32-block types where a row is not a multiple of 256); --pure gives "
                        + "every weight matrix TYPE. 1-D tensors stay F32."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi quantize phi-2.F16.gguf phi-2.Q4_0.gguf --type q4_0",
                "  phi quantize phi-2.F16.gguf phi-2.Q8_0.gguf -t q8_0 --pure",
                "  phi quantize ./phi-2 phi-2.Q4_K_M.gguf --type q4_k"})
final class QuantizeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "A GGUF file, or a Hugging Face directory / repo id (converted directly).")
    String input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "The GGUF file to write.")
    Path output;

    @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE",
            description = "q8_0, q4_0, q4_1, q5_0, q5_1, q4_k, q5_k, q6_k (or f32, f16, bf16).")
    String type;

    @Option(names = "--pure", description = "Every weight matrix in TYPE, token embedding and output matrix included.")
    boolean pure;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The model's name in the GGUF metadata when converting a Hugging Face directory (default: from config.json or the directory name).")
    String name;

    @Option(names = "--allow-requantize", description = "Re-quantize tensors that are already quantized (loses quality).")
    boolean allowRequantize;

    @Mixin QuietOption quiet;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LlamaFileType ft = LlamaFileType.parse(type);
        Path in = ModelResolver.resolve(input);
        if (Files.isDirectory(output)) {
            throw new PhiException(output + " is a directory; give the GGUF file to write, e.g. " + output.resolve("model.gguf"));
        }
        long t0 = System.nanoTime();
        if (name != null && ConvertCommand.isGguf(in)) {
            throw new PhiException("--name applies when converting a Hugging Face directory; " + in + " is a GGUF file");
        }
        ConversionResult r = ConvertCommand.isGguf(in)
                ? GgufQuantizer.quantize(in, output, ft, pure, allowRequantize, quiet.progress())
                : HfToGguf.convert(in, output, ft, pure, quiet.progress(), name);
        ConvertCommand.report(spec, r, t0);
        return Main.EXIT_OK;
    }
}
