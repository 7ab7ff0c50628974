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
 * Microsoft's first remote code for Phi-1 and Phi-1.5 (modeling_mixformer_sequential.py): the model is one
 * {@code nn.Sequential} named {@code layers}: {@code layers.0} is the embedding ({@code wte}), {@code layers.1}
 * .. {@code layers.n_layer} are the blocks ({@code ln}, {@code mixer.Wqkv}, {@code mixer.out_proj},
 * {@code mlp.fc1}, {@code mlp.fc2}) and {@code layers.<n_layer + 1>} is the head ({@code ln}, {@code linear}).
 * Older saves spell the MLP {@code fc_in}/{@code fc_out} (renamed by MLP._load_from_state_dict), and the
 * {@code fused_mlp} block nests it one level deeper ({@code mlp.mlp.fc1}).
 */
public final class MixformerTensorNames extends HfTensorNames {
    MixformerTensorNames(int numLayers) {
        super(numLayers, "layers.", 1);
        String head = "layers." + (numLayers + 1) + ".";
        global("layers.0.wte.weight", TOKEN_EMBD);
        global(head + "ln.weight", OUTPUT_NORM + ".weight");
        global(head + "ln.bias", OUTPUT_NORM + ".bias");
        global(head + "linear.weight", OUTPUT + ".weight");
        global(head + "linear.bias", OUTPUT + ".bias");
        layerPart("ln", ATTN_NORM);
        layerPart("mixer.Wqkv", ATTN_QKV);
        layerPart("mixer.out_proj", ATTN_OUTPUT);
        layerPart("mlp.fc1", FFN_UP);
        layerPart("mlp.fc2", FFN_DOWN);
        layerAlias("mlp.fc_in", FFN_UP);
        layerAlias("mlp.fc_out", FFN_DOWN);
        layerAlias("mlp.mlp.fc1", FFN_UP);
        layerAlias("mlp.mlp.fc2", FFN_DOWN);
    }

    @Override
    public HfLayout layout() {
        return HfLayout.MIXFORMER_SEQUENTIAL;
    }
}
