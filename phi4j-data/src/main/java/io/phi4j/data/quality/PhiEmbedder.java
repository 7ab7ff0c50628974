package io.phi4j.data.quality;

import io.phi4j.Model;
import io.phi4j.PhiException;
import io.phi4j.model.Session;
import io.phi4j.tokenizer.Tokenizer;

import java.nio.file.Path;

/**
 * Document embeddings from any phi4j model: the mean over positions of the final hidden states after the final
 * LayerNorm (what the output matrix reads), as Phi-1 embedded code with a pretrained model to train its quality
 * classifier. Documents are cut to their first {@code maxTokens} tokens; an empty document embeds as zeros. Calls
 * are serialised: the forward pass already uses every core, and one KV cache is reused for all documents.
 */
public final class PhiEmbedder implements Embedder {
    private final Model model;
    private final Tokenizer tokenizer;
    private final int maxTokens;
    private final Session session;
    private final EmbedderSpec spec;
    private final double[] sum;

    private PhiEmbedder(Model model, Path path, int maxTokens) {
        this.model = model;
        this.tokenizer = model.tokenizer();
        this.maxTokens = Math.min(maxTokens, model.config().contextLength());
        this.session = model.newSession(this.maxTokens);
        this.spec = new EmbedderSpec("phi", path.toAbsolutePath().normalize().toString(), this.maxTokens, "mean");
        this.sum = new double[model.config().hiddenSize()];
    }

    /** Loads the model at {@code path}. */
    public static PhiEmbedder open(Path path, int maxTokens) {
        if (maxTokens < 1) {
            throw new PhiException("--max-tokens must be at least 1, not " + maxTokens);
        }
        Model m = Model.load(path);
        try {
            return new PhiEmbedder(m, path, maxTokens);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    @Override
    public int dimension() {
        return sum.length;
    }

    @Override
    public EmbedderSpec spec() {
        return spec;
    }

    /** The token ids that are embedded: the document's first {@code maxTokens} tokens. */
    int[] tokens(String text) {
        int[] ids = tokenizer.encode(text);
        return ids.length <= maxTokens ? ids : java.util.Arrays.copyOf(ids, maxTokens);
    }

    @Override
    public synchronized float[] embed(String text) {
        int[] ids = tokens(text);
        float[] out = new float[sum.length];
        if (ids.length == 0) {
            return out;
        }
        java.util.Arrays.fill(sum, 0);
        session.truncate(0);
        int h = sum.length;
        session.appendHidden(ids, 0, ids.length, (i, hidden, off) -> {
            for (int j = 0; j < h; j++) {
                sum[j] += hidden[off + j];
            }
        });
        for (int j = 0; j < h; j++) {
            out[j] = (float) (sum[j] / ids.length);
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
