package io.phi4j.eval;

import java.nio.file.Path;

/**
 * What {@code phi eval} was asked for. {@code numFewshot} null: each task's default (MMLU 5, GSM8K 8, MBPP 3,
 * others 0). {@code seed}: the few-shot sampler's seed (the harness's default is 1234) and the sampling seed
 * for pass@k.
 */
public record EvalOptions(Path data, int limit, Integer numFewshot, long seed, McRunner.Scoring scoring,
                          int batch, boolean allowCodeExecution, int samplesPerProblem, double temperature,
                          int maxGenTokens, double codeTimeoutSeconds) {
    public static EvalOptions defaults(Path data) {
        return new EvalOptions(data, 0, null, 1234, McRunner.Scoring.HARNESS, LoglikelihoodEngine.DEFAULT_GROUPS,
                false, 1, 0.2, 0, 3.0);
    }

    public EvalOptions withLimit(int n) {
        return new EvalOptions(data, n, numFewshot, seed, scoring, batch, allowCodeExecution, samplesPerProblem, temperature, maxGenTokens, codeTimeoutSeconds);
    }

    public EvalOptions withMaxGenTokens(int n) {
        return new EvalOptions(data, limit, numFewshot, seed, scoring, batch, allowCodeExecution, samplesPerProblem,
                temperature, n, codeTimeoutSeconds);
    }

    public EvalOptions withScoring(McRunner.Scoring s) {
        return new EvalOptions(data, limit, numFewshot, seed, s, batch, allowCodeExecution, samplesPerProblem, temperature, maxGenTokens, codeTimeoutSeconds);
    }

    public EvalOptions withFewshot(Integer k) {
        return new EvalOptions(data, limit, k, seed, scoring, batch, allowCodeExecution, samplesPerProblem, temperature, maxGenTokens, codeTimeoutSeconds);
    }

    public EvalOptions withCodeExecution(boolean allow, int n, double temp) {
        return new EvalOptions(data, limit, numFewshot, seed, scoring, batch, allow, n, temp, maxGenTokens, codeTimeoutSeconds);
    }
}
