package io.phi4j.format.hf;

import java.util.HashMap;
import java.util.Map;

/**
 * The name table of one Hugging Face layout: Hugging Face tensor names ↔ canonical (GGUF-style) names of
 * {@link io.phi4j.model.TensorNames}. Each layout is one small subclass listing its names; this class does the
 * parsing of {@code <prefix><layer>.<part>.<weight|bias>}.
 */
public abstract sealed class HfTensorNames permits PhiTensorNames, PhiMsftTensorNames, MixformerTensorNames {
    private final int numLayers;
    private final String layerPrefix;
    private final int firstLayerIndex;
    private final Map<String, String> globalToCanonical = new HashMap<>();
    private final Map<String, String> canonicalToGlobal = new HashMap<>();
    private final Map<String, String> partToBase = new HashMap<>();
    private final Map<String, String> baseToPart = new HashMap<>();

    /**
     * @param layerPrefix     what precedes the block number, e.g. {@code model.layers.}
     * @param firstLayerIndex the Hugging Face number of canonical block 0 (1 when block 0 is the embedding)
     */
    HfTensorNames(int numLayers, String layerPrefix, int firstLayerIndex) {
        this.numLayers = numLayers;
        this.layerPrefix = layerPrefix;
        this.firstLayerIndex = firstLayerIndex;
    }

    public static HfTensorNames forLayout(HfLayout layout, int numLayers) {
        return switch (layout) {
            case PHI -> new PhiTensorNames(numLayers);
            case PHI_MSFT -> new PhiMsftTensorNames(numLayers);
            case MIXFORMER_SEQUENTIAL -> new MixformerTensorNames(numLayers);
        };
    }

    public abstract HfLayout layout();

    /** A tensor outside any block, both directions. */
    final void global(String hfName, String canonicalName) {
        globalToCanonical.put(hfName, canonicalName);
        canonicalToGlobal.put(canonicalName, hfName);
    }

    /** A per-block module ({@code self_attn.q_proj}) and its canonical base name ({@code attn_q}), both directions. */
    final void layerPart(String hfPart, String canonicalBase) {
        partToBase.put(hfPart, canonicalBase);
        baseToPart.put(canonicalBase, hfPart);
    }

    /** An older spelling that reads as {@code canonicalBase} but is never written. */
    final void layerAlias(String hfPart, String canonicalBase) {
        partToBase.put(hfPart, canonicalBase);
    }

    /**
     * Buffers that some checkpoints carry but that are recomputed from the config (the rotary inverse
     * frequencies: persistent in MixFormer, non-persistent but sometimes saved in the others).
     */
    public static boolean isIgnorable(String hfName) {
        return hfName.endsWith(".rotary_emb.inv_freq");
    }

    /** The canonical name of {@code hfName}, or null if this layout has no such tensor. */
    public String toCanonical(String hfName) {
        String global = globalToCanonical.get(hfName);
        if (global != null) {
            return global;
        }
        if (!hfName.startsWith(layerPrefix)) {
            return null;
        }
        LayerName n = LayerName.parse(hfName.substring(layerPrefix.length()));
        if (n == null) {
            return null;
        }
        String base = partToBase.get(n.part());
        int layer = n.layer() - firstLayerIndex;
        if (base == null || layer < 0 || layer >= numLayers) {
            return null;
        }
        return "blk." + layer + "." + base + "." + n.suffix();
    }

    /** The Hugging Face name of {@code canonicalName}, or null if this layout has none (e.g. attn_qkv in phi). */
    public String toHf(String canonicalName) {
        String global = canonicalToGlobal.get(canonicalName);
        if (global != null) {
            return global;
        }
        if (!canonicalName.startsWith("blk.")) {
            return null;
        }
        LayerName n = LayerName.parse(canonicalName.substring("blk.".length()));
        if (n == null || n.layer() >= numLayers) {
            return null;
        }
        String part = baseToPart.get(n.part());
        return part == null ? null : layerPrefix + (n.layer() + firstLayerIndex) + "." + part + "." + n.suffix();
    }

    /** {@code <layer>.<part>.<weight|bias>} with a plain decimal layer number. */
    private record LayerName(int layer, String part, String suffix) {
        static LayerName parse(String s) {
            int dot = s.indexOf('.');
            int last = s.lastIndexOf('.');
            if (dot <= 0 || dot > 9 || last <= dot + 1) {
                return null;
            }
            String number = s.substring(0, dot);
            if (!number.chars().allMatch(Character::isDigit) || (number.length() > 1 && number.charAt(0) == '0')) {
                return null;
            }
            String suffix = s.substring(last + 1);
            if (!suffix.equals("weight") && !suffix.equals("bias")) {
                return null;
            }
            return new LayerName(Integer.parseInt(number), s.substring(dot + 1, last), suffix);
        }
    }
}
