package io.phi4j.format.hf;

/** The tensor-name layouts of Hugging Face Phi checkpoints, told apart by {@code model_type} in config.json. */
public enum HfLayout {
    /** transformers ≥ 4.37 {@code PhiForCausalLM}: {@code model.layers.N.self_attn.q_proj}, separate q/k/v. */
    PHI("phi", "transformers layout"),
    /** Microsoft's remote code for Phi-2 before January 2024: {@code transformer.h.N.mixer.Wqkv}, fused q/k/v. */
    PHI_MSFT("phi-msft", "legacy Microsoft layout"),
    /** Microsoft's first remote code for Phi-1 and Phi-1.5: an nn.Sequential, {@code layers.N.mixer.Wqkv}. */
    MIXFORMER_SEQUENTIAL("mixformer-sequential", "legacy MixFormer layout");

    private final String modelType;
    private final String description;

    HfLayout(String modelType, String description) {
        this.modelType = modelType;
        this.description = description;
    }

    /** The {@code model_type} value in config.json. */
    public String modelType() {
        return modelType;
    }

    public String description() {
        return description;
    }

    /** Whether attention weights are one fused {@code Wqkv} matrix (rows [q; k; v]). */
    public boolean fusedQkv() {
        return this != PHI;
    }

    /** The layout for {@code model_type}, or null if it is not a Phi-1/1.5/2 type. */
    public static HfLayout byModelType(String modelType) {
        for (HfLayout l : values()) {
            if (l.modelType.equals(modelType)) {
                return l;
            }
        }
        return null;
    }
}
