package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.ModelInfo;
import io.phi4j.model.PhiConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model's architecture, shapes, parameter count, tensor types, tokenizer and size.",
        footerHeading = "%nExamples:%n",
        footer = {"  phi info -m phi-2.Q4_0.gguf", "  phi info -m ./phi-2 --json"})
final class InfoCommand implements Callable<Integer> {
    @Mixin ModelOption model;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Model m = model.load()) {
            PhiConfig c = m.config();
            ModelInfo info = m.info();
            Map<String, Object> obj = new LinkedHashMap<>();
            obj.put("path", info.path().toString());
            obj.put("format", info.format());
            obj.put("architecture", "phi2");
            obj.put("file_bytes", info.fileBytes());
            obj.put("parameters", c.parameterCount());
            obj.put("context_length", c.contextLength());
            obj.put("vocab_size", c.vocabSize());
            obj.put("hidden_size", c.hiddenSize());
            obj.put("intermediate_size", c.intermediateSize());
            obj.put("layers", c.numLayers());
            obj.put("heads", c.numHeads());
            obj.put("kv_heads", c.numKvHeads());
            obj.put("head_dim", c.headDim());
            obj.put("rope_dims", c.ropeDims());
            obj.put("rope_theta", c.ropeTheta());
            obj.put("layer_norm_eps", c.layerNormEps());
            obj.put("tensor_types", info.tensorTypes());
            if (m.hasTokenizer()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("type", "byte-level BPE");
                t.put("vocab_size", m.tokenizer().vocabSize());
                t.put("bos_id", m.tokenizer().bosId());
                t.put("eos_id", m.tokenizer().eosId());
                obj.put("tokenizer", t);
            } else {
                obj.put("tokenizer", null);
            }
            obj.put("metadata", info.metadata());
            if (json) {
                out.println(Json.pretty(obj));
            } else {
                out.printf("%-18s %s%n", "path", info.path());
                out.printf("%-18s %s%n", "format", info.format());
                out.printf("%-18s %s (%.2f GB)%n", "file size", info.fileBytes(), info.fileBytes() / 1e9);
                out.printf("%-18s %,d (%.2f B)%n", "parameters", c.parameterCount(), c.parameterCount() / 1e9);
                out.printf("%-18s hidden %d, %d layers, %d heads (head dim %d, %d rotary), MLP %d, vocab %d%n", "shape",
                        c.hiddenSize(), c.numLayers(), c.numHeads(), c.headDim(), c.ropeDims(), c.intermediateSize(), c.vocabSize());
                out.printf("%-18s %d%n", "context length", c.contextLength());
                out.printf("%-18s %s%n", "tensor types", info.tensorTypes());
                out.printf("%-18s %s%n", "tokenizer", m.hasTokenizer()
                        ? "byte-level BPE, " + m.tokenizer().vocabSize() + " tokens, eos " + m.tokenizer().eosId() : "none");
                info.metadata().forEach((k, v) -> out.printf("%-18s %s%n", k, v));
            }
            out.flush();
        }
        return Main.EXIT_OK;
    }
}
