package io.phi4j.format.hf;

import static io.phi4j.model.TensorNames.ATTN_K;
import static io.phi4j.model.TensorNames.ATTN_NORM;
import static io.phi4j.model.TensorNames.ATTN_OUTPUT;
import static io.phi4j.model.TensorNames.ATTN_Q;
import static io.phi4j.model.TensorNames.ATTN_V;
import static io.phi4j.model.TensorNames.FFN_DOWN;
import static io.phi4j.model.TensorNames.FFN_UP;
import static io.phi4j.model.TensorNames.OUTPUT;
import static io.phi4j.model.TensorNames.OUTPUT_NORM;
import static io.phi4j.model.TensorNames.TOKEN_EMBD;

/**
 * transformers' {@code PhiForCausalLM} (modeling_phi.py, ≥ 4.37), the layout llama.cpp's convert_hf_to_gguf.py
 * reads for arch phi2: {@code model.embed_tokens}, {@code model.layers.N.{input_layernorm, self_attn.q_proj,
 * k_proj, v_proj, dense, mlp.fc1, mlp.fc2}}, {@code model.final_layernorm}, {@code lm_head}.
 */
public final class PhiTensorNames extends HfTensorNames {
    PhiTensorNames(int numLayers) {
        super(numLayers, "model.layers.", 0);
        global("model.embed_tokens.weight", TOKEN_EMBD);
        global("model.final_layernorm.weight", OUTPUT_NORM + ".weight");
        global("model.final_layernorm.bias", OUTPUT_NORM + ".bias");
        global("lm_head.weight", OUTPUT + ".weight");
        global("lm_head.bias", OUTPUT + ".bias");
        layerPart("input_layernorm", ATTN_NORM);
        layerPart("self_attn.q_proj", ATTN_Q);
        layerPart("self_attn.k_proj", ATTN_K);
        layerPart("self_attn.v_proj", ATTN_V);
        layerPart("self_attn.dense", ATTN_OUTPUT);
        layerPart("mlp.fc1", FFN_UP);
        layerPart("mlp.fc2", FFN_DOWN);
    }

    @Override
    public HfLayout layout() {
        return HfLayout.PHI;
    }
}
