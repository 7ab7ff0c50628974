package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.eval.CompareChart;
import io.phi4j.eval.ResultsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Grouped bar chart (SVG) of several results files (phi eval --output, or lm-eval's results JSON).")
final class EvalCompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RESULTS.json")
    List<Path> files;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The SVG file to write.")
    Path out;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Map<String, Map<String, Object>>> runs = new LinkedHashMap<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new PhiException("results file not found: " + f);
            }
            String name = f.getFileName().toString().replaceFirst("\\.json$", "");
            while (runs.containsKey(name)) {
                name = name + "'";
            }
            runs.put(name, ResultsFile.readResults(f));
        }
        if (CompareChart.collect(runs).isEmpty()) {
            throw new PhiException("no metrics between 0 and 1 in " + files);
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, CompareChart.svg(runs), StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PhiException(out + ": cannot write: " + e.getMessage());
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + CompareChart.collect(runs).size() + " metrics, " + runs.size() + " runs)");
        return Main.EXIT_OK;
    }
}
