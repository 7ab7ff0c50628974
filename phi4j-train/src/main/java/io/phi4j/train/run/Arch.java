package io.phi4j.train.run;

import io.phi4j.PhiException;
import io.phi4j.model.PhiConfig;

import java.util.Locale;

/**
 * Model shapes by name for {@code phi train --arch}: a preset, optionally followed by {@code key=value}
 * overrides, comma-separated, e.g. {@code gpt2-small,ctx=256} or {@code tiny,layers=2,hidden=64}. Keys:
 * {@code vocab, hidden, ff, layers, heads, kv_heads, rope_dims, ctx, theta}. Presets:
 * <ul>
 *   <li>{@code phi-2}, {@code phi-1.5}, {@code phi-1}: the published shapes;</li>
 *   <li>{@code gpt2-small}: GPT-2 small's width and depth (768, 12 layers, 12 heads, MLP 3072) as a Phi block;</li>
 *   <li>{@code small}: 384 wide, 6 layers, 6 heads; {@code tiny}: 128 wide, 4 layers, 4 heads.</li>
 * </ul>
 * Rotary dims default to half the head size (Phi-1/1.5's partial_rotary_factor 0.5; Phi-2 has 32 of 80), the
 * MLP to 4 × hidden. The
 * vocabulary defaults to the dataset's, rounded up to a multiple of 64 (as Phi pads 50295 to 51200).
 */
public final class Arch {
    private Arch() {
    }

    public static PhiConfig parse(String spec, int datasetVocab, int eosId) {
        String[] parts = spec.split(",");
        String preset = parts[0].trim().toLowerCase(Locale.ROOT);
        int vocab = -1, hidden, ff = -1, layers, heads, kvHeads = -1, ropeDims = -1, ctx = 2048;
        double theta = 10000;
        switch (preset) {
            case "phi-2" -> { hidden = 2560; layers = 32; heads = 32; vocab = 51200; ropeDims = 32; } // factor 0.4
            case "phi-1.5", "phi-1_5", "phi-1" -> { hidden = 2048; layers = 24; heads = 32; vocab = 51200; }
            case "gpt2-small" -> { hidden = 768; layers = 12; heads = 12; ctx = 1024; }
            case "small" -> { hidden = 384; layers = 6; heads = 6; ctx = 1024; }
            case "tiny" -> { hidden = 128; layers = 4; heads = 4; ctx = 512; }
            default -> throw new PhiException("unknown --arch preset '" + parts[0].trim()
                    + "' (phi-2, phi-1.5, phi-1, gpt2-small, small, tiny)");
        }
        for (int i = 1; i < parts.length; i++) {
            String kv = parts[i].trim();
            int eq = kv.indexOf('=');
            if (eq < 0) {
                throw new PhiException("--arch: '" + kv + "' is not key=value");
            }
            String key = kv.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = kv.substring(eq + 1).trim();
            try {
                switch (key) {
                    case "vocab" -> vocab = Integer.parseInt(value);
                    case "hidden" -> hidden = Integer.parseInt(value);
                    case "ff" -> ff = Integer.parseInt(value);
                    case "layers" -> layers = Integer.parseInt(value);
                    case "heads" -> heads = Integer.parseInt(value);
                    case "kv_heads" -> kvHeads = Integer.parseInt(value);
                    case "rope_dims" -> ropeDims = Integer.parseInt(value);
                    case "ctx" -> ctx = Integer.parseInt(value);
                    case "theta" -> theta = Double.parseDouble(value);
                    default -> throw new PhiException("--arch: unknown key '" + key
                            + "' (vocab, hidden, ff, layers, heads, kv_heads, rope_dims, ctx, theta)");
                }
            } catch (NumberFormatException e) {
                throw new PhiException("--arch: " + key + " = '" + value + "' is not a number");
            }
        }
        if (vocab < 0) {
            vocab = (datasetVocab + 63) / 64 * 64;
        }
        if (vocab < datasetVocab) {
            throw new PhiException("--arch: vocab " + vocab + " is smaller than the dataset's tokenizer (" + datasetVocab + ")");
        }
        if (heads <= 0 || hidden % heads != 0) {
            throw new PhiException("--arch: hidden " + hidden + " is not a multiple of heads " + heads);
        }
        if (ff < 0) {
            ff = 4 * hidden;
        }
        if (kvHeads < 0) {
            kvHeads = heads;
        }
        if (ropeDims < 0) {
            ropeDims = hidden / heads / 2;
        }
        return new PhiConfig(vocab, hidden, ff, layers, heads, kvHeads, ropeDims, theta, 1e-5, ctx, eosId, eosId);
    }
}
