package io.phi4j.generate;

import io.phi4j.PhiException;

import java.util.List;

/**
 * How to pick each next token, and when to stop.
 *
 * @param maxTokens         most tokens to generate (-1: until the context is full)
 * @param temperature       0 (or below) means greedy: always the most likely token
 * @param topK              keep the K most likely tokens (0: off)
 * @param topP              keep the smallest set whose probability reaches P (1: off)
 * @param minP              drop tokens less likely than minP × the top token's probability (0: off)
 * @param repeatPenalty     divide positive / multiply negative logits of recently seen tokens (1: off), as
 *                          Hugging Face's RepetitionPenaltyLogitsProcessor and llama.cpp's penalty_repeat
 * @param repeatLastN       how many recent tokens count as "seen" for the penalties (-1: all)
 * @param presencePenalty   OpenAI's presence penalty: subtract once from every seen token's logit (0: off)
 * @param frequencyPenalty  OpenAI's frequency penalty: subtract per occurrence (0: off)
 * @param seed              random seed for sampling (same seed, same output)
 * @param stop              strings that end generation; the stop string itself is not returned
 * @param stopAtEos         end at the model's end-of-sequence token
 */
public record GenerationOptions(
        int maxTokens,
        double temperature,
        int topK,
        double topP,
        double minP,
        double repeatPenalty,
        int repeatLastN,
        double presencePenalty,
        double frequencyPenalty,
        long seed,
        List<String> stop,
        boolean stopAtEos) {

    public GenerationOptions {
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (maxTokens < -1) {
            throw new PhiException("max tokens must be -1 (unlimited) or at least 0, got " + maxTokens);
        }
        if (Double.isNaN(temperature) || temperature > 100) {
            throw new PhiException("temperature must be between 0 and 100, got " + temperature);
        }
        if (topK < 0) {
            throw new PhiException("top-k must be 0 (off) or positive, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new PhiException("top-p must be in (0, 1], got " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new PhiException("min-p must be in [0, 1], got " + minP);
        }
        if (!(repeatPenalty > 0)) {
            throw new PhiException("repeat penalty must be positive, got " + repeatPenalty);
        }
        if (!(presencePenalty >= -2 && presencePenalty <= 2) || !(frequencyPenalty >= -2 && frequencyPenalty <= 2)) {
            throw new PhiException("presence and frequency penalties must be between -2 and 2");
        }
        for (String s : stop) {
            if (s.isEmpty()) {
                throw new PhiException("a stop string must not be empty");
            }
        }
    }

    /** Greedy decoding of up to {@code maxTokens} tokens. */
    public static GenerationOptions greedy(int maxTokens) {
        return defaults().withMaxTokens(maxTokens).withTemperature(0);
    }

    /** llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties. */
    public static GenerationOptions defaults() {
        return new GenerationOptions(256, 0.8, 40, 0.95, 0.05, 1.0, 64, 0, 0, 0xC0FFEE, List.of(), true);
    }

    public GenerationOptions withMaxTokens(int n) {
        return new GenerationOptions(n, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed, stop, stopAtEos);
    }

    public GenerationOptions withTemperature(double t) {
        return new GenerationOptions(maxTokens, t, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed, stop, stopAtEos);
    }

    public GenerationOptions withTopK(int k) {
        return new GenerationOptions(maxTokens, temperature, k, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed, stop, stopAtEos);
    }

    public GenerationOptions withTopP(double p) {
        return new GenerationOptions(maxTokens, temperature, topK, p, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed, stop, stopAtEos);
    }

    public GenerationOptions withMinP(double p) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, p, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed, stop, stopAtEos);
    }

    public GenerationOptions withRepeatPenalty(double penalty, int lastN) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, penalty, lastN, presencePenalty, frequencyPenalty, seed, stop, stopAtEos);
    }

    public GenerationOptions withPenalties(double presence, double frequency) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presence, frequency, seed, stop, stopAtEos);
    }

    public GenerationOptions withSeed(long s) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, s, stop, stopAtEos);
    }

    public GenerationOptions withStop(List<String> stops) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed, stops, stopAtEos);
    }

    public GenerationOptions withStopAtEos(boolean b) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty, frequencyPenalty, seed, stop, b);
    }
}
