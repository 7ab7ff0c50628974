package io.phi4j.cli;

import io.phi4j.generate.GenerationOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Every sampling flag of the generation API, shared by the commands that generate text. */
final class SamplingOptions {
    private static final GenerationOptions D = GenerationOptions.defaults();

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", description = "Most tokens to generate; -1 until the context is full (default: ${DEFAULT-VALUE}).")
    int maxTokens = D.maxTokens();

    @Option(names = {"--temperature", "--temp"}, paramLabel = "T", description = "Sampling temperature; 0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature = D.temperature();

    @Option(names = "--top-k", paramLabel = "K", description = "Keep the K most likely tokens; 0 is off (default: ${DEFAULT-VALUE}).")
    int topK = D.topK();

    @Option(names = "--top-p", paramLabel = "P", description = "Nucleus sampling threshold; 1 is off (default: ${DEFAULT-VALUE}).")
    double topP = D.topP();

    @Option(names = "--min-p", paramLabel = "P", description = "Drop tokens below P × the top probability; 0 is off (default: ${DEFAULT-VALUE}).")
    double minP = D.minP();

    @Option(names = "--repeat-penalty", paramLabel = "X", description = "Penalty for recently seen tokens; 1 is off (default: ${DEFAULT-VALUE}).")
    double repeatPenalty = D.repeatPenalty();

    @Option(names = "--repeat-last-n", paramLabel = "N", description = "Tokens that count for the penalties; -1 all (default: ${DEFAULT-VALUE}).")
    int repeatLastN = D.repeatLastN();

    @Option(names = "--presence-penalty", paramLabel = "X", description = "OpenAI-style presence penalty (default: ${DEFAULT-VALUE}).")
    double presencePenalty = D.presencePenalty();

    @Option(names = "--frequency-penalty", paramLabel = "X", description = "OpenAI-style frequency penalty (default: ${DEFAULT-VALUE}).")
    double frequencyPenalty = D.frequencyPenalty();

    @Option(names = {"-s", "--seed"}, paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when TEXT is generated (repeatable; escapes like \\n are understood).")
    List<String> stop = new ArrayList<>();

    @Option(names = "--ignore-eos", description = "Keep generating after the end-of-sequence token.")
    boolean ignoreEos;

    GenerationOptions toOptions(boolean escapes) {
        List<String> stops = new ArrayList<>();
        for (String s : stop) {
            stops.add(escapes ? Escapes.process(s) : s);
        }
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stops, !ignoreEos);
    }
}
