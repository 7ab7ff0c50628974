package io.phi4j.train.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.phi4j.PhiException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything that defines a training run. A recipe file ({@code phi train --recipe FILE.json}) is this object
 * as JSON with the snake_case keys below; command-line options override it. The resolved options are saved as
 * {@code RUN_DIR/run.json}, which {@code --resume} reads back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TrainOptions {
    /** Model shape: a preset name with optional overrides, e.g. {@code "gpt2-small,ctx=256"} (see {@link Arch}). */
    @JsonProperty("arch") public String arch;
    /** Model shape from a Hugging Face config.json (instead of {@code arch}). */
    @JsonProperty("config") public String config;
    /** Start from these weights (any model phi4j loads, e.g. a grown checkpoint) instead of a fresh init. */
    @JsonProperty("init") public String init;
    /** Token shards from {@code phi data tokenize}. */
    @JsonProperty("data") public String data;
    @JsonProperty("steps") public Integer steps = 1000;
    /** Sequences per micro-batch. */
    @JsonProperty("batch") public Integer batch = 8;
    /** Micro-batches per optimizer step (gradient accumulation). */
    @JsonProperty("accum") public Integer accum = 1;
    /** Context length of training windows. */
    @JsonProperty("ctx") public Integer ctx = 256;
    @JsonProperty("lr") public Double lr = 6e-4;
    /** Learning rate at the end of the cosine; default lr / 10. */
    @JsonProperty("min_lr") public Double minLr;
    @JsonProperty("warmup") public Integer warmup = 100;
    @JsonProperty("weight_decay") public Double weightDecay = 0.1;
    @JsonProperty("beta1") public Double beta1 = 0.9;
    @JsonProperty("beta2") public Double beta2 = 0.95;
    @JsonProperty("eps") public Double eps = 1e-8;
    /** Global gradient-norm clip (0 = none). */
    @JsonProperty("clip") public Double clip = 1.0;
    @JsonProperty("resid_pdrop") public Double residPdrop = 0.0;
    @JsonProperty("embd_pdrop") public Double embdPdrop = 0.0;
    @JsonProperty("seed") public Long seed = 1337L;
    /** Evaluate on the validation shards every N steps (0 = never). */
    @JsonProperty("eval_every") public Integer evalEvery = 100;
    /** Batches per evaluation. */
    @JsonProperty("eval_batches") public Integer evalBatches = 20;
    /** Checkpoint every N steps (0 = only at the end). */
    @JsonProperty("save_every") public Integer saveEvery = 500;
    /** Worker threads (default: all processors). */
    @JsonProperty("threads") public Integer threads;
    /** Peak GFLOPS for MFU; default: measured with the training matmul at start. */
    @JsonProperty("peak_gflops") public Double peakGflops;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public static TrainOptions read(Path file) {
        try {
            return parse(java.nio.file.Files.readString(file), file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PhiException(file + ": no such recipe file");
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read recipe: " + e.getMessage());
        }
    }

    /** Parses recipe JSON; {@code source} names it in error messages. */
    public static TrainOptions parse(String json, String source) {
        try {
            TrainOptions o = JSON.readValue(json, TrainOptions.class);
            if (o == null) {
                throw new PhiException(source + ": empty recipe");
            }
            return o;
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new PhiException(source + ": unknown recipe key \"" + e.getPropertyName() + "\"");
        } catch (IOException e) {
            throw new PhiException(source + ": not a valid recipe: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fields set in {@code over} replace ours. */
    public TrainOptions overriddenBy(TrainOptions over) {
        try {
            // start from all-null, not from the defaults, so that unset fields of both stay unset
            TrainOptions merged = JSON.readerForUpdating(empty()).readValue(toJson());
            return JSON.readerForUpdating(merged).readValue(JSON.writeValueAsString(over));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An options object with every field null: the base for command-line overrides. */
    public static TrainOptions empty() {
        TrainOptions o = new TrainOptions();
        for (var f : TrainOptions.class.getFields()) {
            try {
                f.set(o, null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return o;
    }

    public double minLrOrDefault() {
        return minLr != null ? minLr : lr / 10;
    }

    /** Checks ranges; names the bad option. */
    public void validate() {
        if ((arch == null) == (config == null) && init == null) {
            throw new PhiException("give the model shape with exactly one of --arch or --config (or --init weights)");
        }
        if (data == null) {
            throw new PhiException("--data is required (token shards from 'phi data tokenize')");
        }
        positive("steps", steps);
        positive("batch", batch);
        positive("accum", accum);
        positive("ctx", ctx);
        positive("eval-batches", evalBatches);
        nonNegative("warmup", warmup);
        nonNegative("eval-every", evalEvery);
        nonNegative("save-every", saveEvery);
        if (!(lr > 0) || !(minLrOrDefault() >= 0)) {
            throw new PhiException("learning rates must be positive: lr " + lr + ", min lr " + minLrOrDefault());
        }
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0 && weightDecay >= 0 && clip >= 0)) {
            throw new PhiException("invalid optimizer setting: beta1 " + beta1 + ", beta2 " + beta2 + ", eps " + eps
                    + ", weight decay " + weightDecay + ", clip " + clip);
        }
        if (!(residPdrop >= 0 && residPdrop < 1 && embdPdrop >= 0 && embdPdrop < 1)) {
            throw new PhiException("dropout must be in [0, 1): resid " + residPdrop + ", embd " + embdPdrop);
        }
        if (threads != null && threads < 1) {
            throw new PhiException("--threads must be at least 1");
        }
    }

    private static void positive(String name, Integer v) {
        if (v == null || v <= 0) {
            throw new PhiException("--" + name + " must be positive, got " + v);
        }
    }

    private static void nonNegative(String name, Integer v) {
        if (v == null || v < 0) {
            throw new PhiException("--" + name + " must not be negative, got " + v);
        }
    }
}
