package io.phi4j.cli;

import io.phi4j.data.wordnet.WordEntry;
import io.phi4j.data.wordnet.WordList;
import io.phi4j.data.wordnet.WordNetReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Maintainer command: regenerates the WordNet subset that phi4j-data ships as a resource. */
@Command(name = "wordnet-subset", hidden = true, mixinStandardHelpOptions = true,
        description = "Extract the most frequent simple words of WordNet 3.0 into the word-list format of"
                + " phi4j-data's resource wordnet-subset.tsv.")
final class DataWordNetSubsetCommand implements Callable<Integer> {
    @Option(names = "--wordnet", defaultValue = "/usr/share/wordnet", paramLabel = "DIR",
            description = "WordNet database directory (Debian package wordnet-base).")
    Path wordnet;

    @Option(names = "--words", defaultValue = "3000", paramLabel = "N", description = "How many entries.")
    int count;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<WordEntry> words = WordNetReader.read(DataSynthCommand.checkDir(wordnet, "--wordnet"), count);
        WordList.write(words, out);
        spec.commandLine().getOut().printf("wrote %s: %d words%n", out, words.size());
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }
}
