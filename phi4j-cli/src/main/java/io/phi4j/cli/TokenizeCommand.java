package io.phi4j.cli;

import io.phi4j.Model;
import io.phi4j.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Split text into the model's tokens. No BOS is added.",
        footerHeading = "%nExamples:%n",
        footer = {"  phi tokenize -m phi-2.gguf --text 'Hello world' --json",
                "  phi tokenize -m ./phi-2 --file notes.txt"})
final class TokenizeCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin TextInput input;

    @Option(names = "--special", description = "Parse special tokens written in the text, such as <|endoftext|>.")
    boolean special;

    @Option(names = "--json", description = "Print {\"ids\":[…],\"tokens\":[…]}.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String text = input.read();
        try (Model m = model.load()) {
            Tokenizer tok = m.tokenizer();
            int[] ids = tok.encode(text, special);
            List<String> pieces = new ArrayList<>(ids.length);
            for (int id : ids) {
                pieces.add(tok.decode(new int[] {id}));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> obj = new LinkedHashMap<>();
                obj.put("ids", ids);
                obj.put("tokens", pieces);
                out.println(Json.write(obj));
            } else {
                for (int i = 0; i < ids.length; i++) {
                    out.printf("%6d  %s%n", ids[i], Json.write(pieces.get(i)));
                }
            }
            out.flush();
        }
        return Main.EXIT_OK;
    }
}
