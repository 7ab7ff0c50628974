package io.phi4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A task scored from log-likelihoods, defined as an lm-evaluation-harness task YAML defines it:
 * {@code doc_to_text}, {@code doc_to_choice}, {@code doc_to_target}, {@code target_delimiter} (" "),
 * {@code fewshot_delimiter} ("\n\n"), {@code description}, the few-shot split and sampler. Output type
 * {@code multiple_choice} (one request per choice) or {@code loglikelihood} (one request: LAMBADA).
 * Prompt assembly follows lm_eval/api/task.py {@code fewshot_context}, {@code build_qa_turn},
 * {@code multiple_input_context} and {@code construct_requests} (v0.4.13).
 */
public final class McTask {
    public enum Sampler { FIRST_N, RANDOM }

    public enum Output { MULTIPLE_CHOICE, LOGLIKELIHOOD }

    final String name;
    final Output output;
    final String split;
    final String fewshotSplit;
    final Sampler sampler;
    final List<String> metrics;
    final Function<Map<String, Object>, String> text;
    final Function<Map<String, Object>, List<String>> choices;
    final ToIntFunction<Map<String, Object>> gold;
    /** Multiple-input tasks (WinoGrande): the choices are contexts and this is the shared continuation. */
    final Function<Map<String, Object>, String> sharedTarget;
    /** Loglikelihood tasks: the continuation. */
    final Function<Map<String, Object>, String> target;
    final Function<Map<String, Object>, String> description;
    final String targetDelimiter;
    final String fewshotDelimiter;

    private McTask(Builder b) {
        this.name = b.name;
        this.output = b.output;
        this.split = b.split;
        this.fewshotSplit = b.fewshotSplit;
        this.sampler = b.sampler;
        this.metrics = b.metrics;
        this.text = b.text;
        this.choices = b.choices;
        this.gold = b.gold;
        this.sharedTarget = b.sharedTarget;
        this.target = b.target;
        this.description = b.description;
        this.targetDelimiter = b.targetDelimiter;
        this.fewshotDelimiter = b.fewshotDelimiter;
    }

    public String name() {
        return name;
    }

    public List<String> metrics() {
        return metrics;
    }

    public String split() {
        return split;
    }

    public String fewshotSplit() {
        return fewshotSplit;
    }

    public Sampler sampler() {
        return sampler;
    }

    public Output output() {
        return output;
    }

    public boolean multipleInput() {
        return sharedTarget != null;
    }

    public List<String> choices(Map<String, Object> doc) {
        return choices.apply(doc);
    }

    public int gold(Map<String, Object> doc) {
        return gold.applyAsInt(doc);
    }

    /** The question part of a document (for a multiple-input task: its gold context). */
    public String questionText(Map<String, Object> doc) {
        return multipleInput() ? choices(doc).get(gold(doc)) : text.apply(doc);
    }

    /** The answer shown after a few-shot example's question. */
    String answerText(Map<String, Object> doc) {
        if (output == Output.LOGLIKELIHOOD) {
            return target.apply(doc);
        }
        return multipleInput() ? sharedTarget.apply(doc) : choices(doc).get(gold(doc));
    }

    /**
     * Description and few-shot examples: {@code description + Σ (question + target_delimiter + answer +
     * fewshot_delimiter)}.
     */
    public String fewshotPrefix(Map<String, Object> doc, List<Map<String, Object>> shots) {
        StringBuilder sb = new StringBuilder(description == null ? "" : description.apply(doc));
        for (Map<String, Object> shot : shots) {
            sb.append(questionText(shot)).append(targetDelimiter).append(answerText(shot)).append(fewshotDelimiter);
        }
        return sb.toString();
    }

    /** The {@code [context, continuation]} pairs the harness scores for this document. */
    public List<String[]> arguments(Map<String, Object> doc, List<Map<String, Object>> shots) {
        String prefix = fewshotPrefix(doc, shots);
        List<String[]> args = new ArrayList<>();
        if (output == Output.LOGLIKELIHOOD) {
            args.add(new String[] {prefix + text.apply(doc), target.apply(doc)});
        } else if (multipleInput()) {
            String cont = targetDelimiter + sharedTarget.apply(doc);
            for (String c : choices(doc)) {
                args.add(new String[] {prefix + c, cont});
            }
        } else {
            String ctx = prefix + text.apply(doc);
            for (String c : choices(doc)) {
                args.add(new String[] {ctx, targetDelimiter + c});
            }
        }
        return args;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private Output output = Output.MULTIPLE_CHOICE;
        private String split = "validation";
        private String fewshotSplit = "train";
        private Sampler sampler = Sampler.RANDOM;
        private List<String> metrics = List.of("acc", "acc_norm");
        private Function<Map<String, Object>, String> text;
        private Function<Map<String, Object>, List<String>> choices;
        private ToIntFunction<Map<String, Object>> gold;
        private Function<Map<String, Object>, String> sharedTarget;
        private Function<Map<String, Object>, String> target;
        private Function<Map<String, Object>, String> description;
        private String targetDelimiter = " ";
        private String fewshotDelimiter = "\n\n";

        private Builder(String name) {
            this.name = name;
        }

        public Builder split(String s) { this.split = s; return this; }
        public Builder fewshot(String s, Sampler sm) { this.fewshotSplit = s; this.sampler = sm; return this; }
        public Builder metrics(String... m) { this.metrics = List.of(m); return this; }
        public Builder text(Function<Map<String, Object>, String> f) { this.text = f; return this; }
        public Builder choices(Function<Map<String, Object>, List<String>> f) { this.choices = f; return this; }
        public Builder gold(ToIntFunction<Map<String, Object>> f) { this.gold = f; return this; }
        public Builder sharedTarget(Function<Map<String, Object>, String> f) { this.sharedTarget = f; return this; }
        public Builder description(Function<Map<String, Object>, String> f) { this.description = f; return this; }
        public Builder targetDelimiter(String d) { this.targetDelimiter = d; return this; }

        public Builder loglikelihood(Function<Map<String, Object>, String> ctx, Function<Map<String, Object>, String> cont) {
            this.output = Output.LOGLIKELIHOOD;
            this.text = ctx;
            this.target = cont;
            this.metrics = List.of("perplexity", "acc");
            return this;
        }

        public McTask build() {
            return new McTask(this);
        }
    }
}
