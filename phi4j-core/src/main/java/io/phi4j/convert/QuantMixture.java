package io.phi4j.convert;

import io.phi4j.tensor.GgmlType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses each tensor's type for a file type exactly as llama.cpp's {@code llama-quantize} does for a Phi-2 model
 * ({@code llama_tensor_get_type} in {@code src/llama-quant.cpp}), without an importance matrix:
 * <ul>
 *   <li>only 2-D tensors whose name ends in {@code weight} and is not a {@code _norm.weight} are quantized; others
 *       keep their type (1-D tensors stay F32);</li>
 *   <li>with {@code --pure} every such tensor gets the file type's type;</li>
 *   <li>otherwise the mixture: {@code output.weight} becomes Q6_K (Q8_0 if its row length is not a multiple of the
 *       type's block size; it stays Q8_0 under Q8_0); for Q4_K_M and Q5_K_M the {@code attn_v} (or fused
 *       {@code attn_qkv}) and {@code ffn_down} matrices of the first eighth, the last eighth and every third layer
 *       in between ({@code use_more_bits}) become Q6_K; {@code token_embd} keeps the file type's type (Phi-2 does
 *       not tie it to the output matrix);</li>
 *   <li>finally a K-quant whose block of 256 does not divide the row length falls back to a 32-block type
 *       (Q4_K → Q5_0, Q5_K → Q5_1, Q6_K → Q8_0), and a row length that is not a multiple of 32 gives F16.</li>
 * </ul>
 * The counters llama.cpp keeps ({@code i_attention_wv}, {@code i_ffn_down}) depend on the order it visits tensors,
 * which is its {@code weights_map} order: tensors outside blocks first, then by block number, by name within each.
 */
public final class QuantMixture {
    /** A tensor to place: canonical name, row-major shape, current type. */
    public record TensorInfo(String name, long[] shape, GgmlType type) {
    }

    private QuantMixture() {
    }

    /** The target type of every tensor, keyed by name (iteration in llama.cpp's visiting order). */
    public static Map<String, GgmlType> choose(List<TensorInfo> tensors, LlamaFileType fileType, boolean pure, int numLayers) {
        List<TensorInfo> ordered = new ArrayList<>(tensors);
        ordered.sort(Comparator.comparingInt((TensorInfo t) -> layerOf(t.name())).thenComparing(TensorInfo::name));
        int nAttentionV = 0;
        boolean tiedEmbeddings = true;
        for (TensorInfo t : ordered) {
            if (isAttnVLike(t.name())) {
                nAttentionV++;
            }
            if (t.name().equals("output.weight")) {
                tiedEmbeddings = false;
            }
        }
        State s = new State(fileType, nAttentionV, numLayers, tiedEmbeddings);
        Map<String, GgmlType> out = new LinkedHashMap<>();
        for (TensorInfo t : ordered) {
            out.put(t.name(), allowsQuantization(t) ? s.typeOf(t, pure) : t.type());
        }
        return out;
    }

    /** llama.cpp's {@code tensor_allows_quantization} for the tensors a Phi model has. */
    static boolean allowsQuantization(TensorInfo t) {
        return ggmlDims(t.shape()) >= 2 && t.name().endsWith("weight") && !t.name().contains("_norm.weight");
    }

    /** ggml_n_dims: trailing (outermost) dimensions of size 1 do not count. */
    private static int ggmlDims(long[] shape) {
        // shape is row-major; ggml's ne[i] is shape[shape.length - 1 - i].
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > 1) {
                return shape.length - i;
            }
        }
        return 1;
    }

    /** The block number of {@code blk.N.…} names, -1 for the others (sscanf("blk.%d.") in weight_name_comparer). */
    static int layerOf(String name) {
        if (!name.startsWith("blk.")) {
            return -1;
        }
        int i = 4;
        int n = 0;
        boolean digits = false;
        while (i < name.length() && Character.isDigit(name.charAt(i)) && n < 100_000_000) {
            n = n * 10 + (name.charAt(i++) - '0');
            digits = true;
        }
        return digits ? n : -1;
    }

    private static boolean isAttnVLike(String name) {
        return name.contains("attn_v.weight") || name.contains("attn_qkv.weight") || name.contains("attn_kv_b.weight");
    }

    /** The per-run counters of llama.cpp's quantize_state_impl. */
    private static final class State {
        final LlamaFileType fileType;
        final int nAttentionV;
        final int nFfnDown;
        final boolean tiedEmbeddings;
        int iAttentionV;
        int iFfnDown;

        State(LlamaFileType fileType, int nAttentionV, int numLayers, boolean tiedEmbeddings) {
            this.fileType = fileType;
            this.nAttentionV = nAttentionV;
            this.nFfnDown = numLayers;
            this.tiedEmbeddings = tiedEmbeddings;
        }

        GgmlType typeOf(TensorInfo t, boolean pure) {
            GgmlType type = fileType.defaultType();
            if (!type.isQuantized()) {
                return type;
            }
            if (!pure) {
                type = mixture(t, type);
            }
            return fallback(cols(t), type);
        }

        private GgmlType mixture(TensorInfo t, GgmlType type) {
            String name = t.name();
            boolean q4km = fileType == LlamaFileType.Q4_K_M;
            boolean q5km = fileType == LlamaFileType.Q5_K_M;
            if (name.equals("output.weight") || (tiedEmbeddings && name.equals("token_embd.weight"))) {
                if (cols(t) % type.blockSize() != 0) {
                    return GgmlType.Q8_0;
                }
                return type != GgmlType.Q8_0 ? GgmlType.Q6_K : type;
            }
            if (name.equals("token_embd.weight")) {
                return type;
            }
            if (isAttnVLike(name)) {
                if ((q4km || q5km) && useMoreBits(iAttentionV, nAttentionV)) {
                    type = GgmlType.Q6_K;
                }
                iAttentionV++;
                return type;
            }
            if (name.contains("ffn_down")) {
                if ((q4km || q5km) && useMoreBits(iFfnDown, nFfnDown)) {
                    type = GgmlType.Q6_K;
                }
                iFfnDown++;
                return type;
            }
            return type;
        }

        private static boolean useMoreBits(int i, int n) {
            return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
        }

        /** llama.cpp's tensor_type_fallback. */
        private static GgmlType fallback(long cols, GgmlType type) {
            if (cols % type.blockSize() == 0) {
                return type;
            }
            GgmlType f = switch (type) {
                case Q4_K -> GgmlType.Q5_0;
                case Q5_K -> GgmlType.Q5_1;
                case Q6_K -> GgmlType.Q8_0;
                default -> type;
            };
            return cols % f.blockSize() == 0 ? f : GgmlType.F16;
        }

        private static long cols(TensorInfo t) {
            long[] s = t.shape();
            return s.length == 0 ? 1 : s[s.length - 1];
        }
    }
}
