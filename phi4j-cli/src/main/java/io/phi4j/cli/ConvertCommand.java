package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.convert.ConversionResult;
import io.phi4j.convert.GgufToHf;
import io.phi4j.convert.HfToGguf;
import io.phi4j.convert.LlamaFileType;
import io.phi4j.tensor.GgmlType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert between Hugging Face checkpoints and GGUF.",
                "A Hugging Face directory (current or legacy layout, single or sharded, F32/F16/BF16) becomes a GGUF file "
                        + "with the metadata and tokenizer llama.cpp's convert_hf_to_gguf.py writes (arch phi2); quantized "
                        + "types get llama-quantize's per-tensor choices unless --pure.",
                "A GGUF file becomes a Hugging Face directory (model.safetensors, config.json, tokenizer files) that "
                        + "transformers' PhiForCausalLM.from_pretrained loads."},
        footerHeading = "%nExamples:%n",
        footer = {"  phi convert ./phi-2 phi-2.F16.gguf",
                "  phi convert microsoft/phi-2 phi-2.Q4_K_M.gguf --type q4_k",
                "  phi convert phi-2.Q8_0.gguf ./phi-2-hf --type f32"})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "A Hugging Face directory (or repo id in the local cache), a .safetensors file, or a .gguf file.")
    String input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "The GGUF file to write (from Hugging Face input) or the directory to write (from GGUF input).")
    Path output;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE",
            description = "To GGUF: f32, f16 (default), bf16, q8_0, q4_0, q4_1, q5_0, q5_1, q4_k, q5_k or q6_k. "
                    + "To Hugging Face: f32, f16 or bf16 (default: the GGUF's float type, F32 for quantized files).")
    String type;

    @Option(names = "--pure", description = "Quantize every weight matrix to TYPE (llama-quantize --pure) instead of llama.cpp's mixture.")
    boolean pure;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "To Hugging Face: copy the tokenizer files from DIR instead of writing them from the GGUF vocabulary.")
    Path tokenizer;

    @Mixin QuietOption quiet;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path in = ModelResolver.resolve(input);
        long t0 = System.nanoTime();
        ConversionResult r;
        if (isGguf(in)) {
            GgmlType dtype = null;
            if (type != null) {
                LlamaFileType ft = LlamaFileType.parse(type);
                if (ft.isQuantized()) {
                    throw new PhiException("a Hugging Face checkpoint stores f32, f16 or bf16, not " + ft.cliName());
                }
                dtype = ft.defaultType();
            }
            if (pure) {
                throw new PhiException("--pure applies to quantized GGUF output only");
            }
            if (Files.isRegularFile(output)) {
                throw new PhiException(output + " is a file; converting a GGUF file writes a Hugging Face directory");
            }
            r = GgufToHf.convert(in, output, dtype, tokenizer, quiet.progress());
        } else {
            if (tokenizer != null) {
                throw new PhiException("--tokenizer applies to GGUF → Hugging Face conversion only");
            }
            if (Files.isDirectory(output)) {
                throw new PhiException(output + " is a directory; give the GGUF file to write, e.g. " + output.resolve("model.gguf"));
            }
            LlamaFileType ft = LlamaFileType.parse(type == null ? "f16" : type);
            r = HfToGguf.convert(in, output, ft, pure, quiet.progress());
        }
        report(spec, r, t0);
        return Main.EXIT_OK;
    }

    /** One summary line on standard output. */
    static void report(picocli.CommandLine.Model.CommandSpec spec, ConversionResult r, long t0) {
        var out = spec.commandLine().getOut();
        StringBuilder types = new StringBuilder();
        r.tensorTypes().forEach((t, n) -> types.append(types.isEmpty() ? "" : ", ").append(t).append(" ×").append(n));
        String size = r.bytes() >= 1e9 ? String.format("%.2f GB", r.bytes() / 1e9) : String.format("%.1f MB", r.bytes() / 1e6);
        out.printf("wrote %s: %s, %,d parameters, tensors %s (%s)%n", r.output(), size, r.parameters(), types,
                ProgressBars.seconds(t0));
        out.flush();
    }

    static boolean isGguf(Path p) {
        if (Files.isDirectory(p)) {
            return false;
        }
        if (p.getFileName().toString().endsWith(".gguf")) {
            return true;
        }
        try (InputStream s = Files.newInputStream(p)) {
            byte[] magic = s.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        } catch (IOException e) {
            throw new PhiException("cannot read " + p + ": " + e.getMessage());
        }
    }
}
