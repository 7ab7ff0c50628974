package io.phi4j.format.hf;

import static io.phi4j.model.TensorNames.ATTN_NORM;
import static io.phi4j.model.TensorNames.ATTN_OUTPUT;
import static io.phi4j.model.TensorNames.ATTN_QKV;
import static io.phi4j.model.TensorNames.FFN_DOWN;
import static io.phi4j.model.TensorNames.FFN_UP;
import static io.phi4j.model.TensorNames.OUTPUT;
import static io.phi4j.model.TensorNames.OUTPUT_NORM;
import static io.phi4j.model.TensorNames.TOKEN_EMBD;

/**
 * Microsoft's phi-msft remote code (Phi-2 until January 2024): {@code transformer.embd.wte},
 * {@code transformer.h.N.{ln, mixer.Wqkv, mixer.out_proj, mlp.fc1, mlp.fc2}}, {@code lm_head.ln},
 * {@code lm_head.linear}. {@code Wqkv} rows are [q; k; v] ({@code rearrange "... (three h d)"}), kept fused as
 * {@code attn_qkv}. The mapping is transformers' PHI_MAPPING in convert_phi_weights_to_hf.py.
 */
public final class PhiMsftTensorNames extends HfTensorNames {
    PhiMsftTensorNames(int numLayers) {
        super(numLayers, "transformer.h.", 0);
        global("transformer.embd.wte.weight", TOKEN_EMBD);
        global("lm_head.ln.weight", OUTPUT_NORM + ".weight");
        global("lm_head.ln.bias", OUTPUT_NORM + ".bias");
        global("lm_head.linear.weight", OUTPUT + ".weight");
        global("lm_head.linear.bias", OUTPUT + ".bias");
        layerPart("ln", ATTN_NORM);
        layerPart("mixer.Wqkv", ATTN_QKV);
        layerPart("mixer.out_proj", ATTN_OUTPUT);
        layerPart("mlp.fc1", FFN_UP);
        layerPart("mlp.fc2", FFN_DOWN);
    }

    @Override
    public HfLayout layout() {
        return HfLayout.PHI_MSFT;
    }
}
