package io.phi4j.train;

import io.phi4j.model.PhiConfig;
import io.phi4j.train.model.Param;
import io.phi4j.train.model.PhiParams;
import io.phi4j.train.ops.Dropout;

import java.util.HashMap;
import java.util.Map;

/**
 * An independent, deliberately naive float64 implementation of the Phi loss (no shared code with the model
 * under test except the parameter container and the dropout mask function), for finite-difference gradient
 * checks: central differences of this loss are accurate to ~1e-9, far below the float32 gradients' error.
 */
final class ReferencePhi {
    private final PhiConfig c;
    private final Map<String, double[]> w = new HashMap<>();
    private final int batch, seq;
    float residP, embdP;
    long seed = -1, step;
    int micro;

    ReferencePhi(PhiParams params, int batch, int seq) {
        this.c = params.config();
        this.batch = batch;
        this.seq = seq;
        for (Param p : params.all()) {
            double[] d = new double[p.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = p.value()[i];
            }
            w.put(p.name(), d);
        }
    }

    double[] get(String name) {
        return w.get(name);
    }

    private boolean dropping(float p) {
        return seed >= 0 && p > 0;
    }

    private void dropout(double[] x, float p, int site) {
        if (!dropping(p)) {
            return;
        }
        long key = Dropout.key(seed, step, micro, site);
        for (int i = 0; i < x.length; i++) {
            x[i] = Dropout.keeps(key, i, p) ? x[i] / (1.0 - (double) p) : 0;
        }
    }

    /** Mean cross-entropy over the batch. */
    double loss(int[] tokens, int[] targets) {
        double[] logits = logits(tokens);
        int v = c.vocabSize(), rows = batch * seq;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                max = Math.max(max, logits[r * v + j]);
            }
            double s = 0;
            for (int j = 0; j < v; j++) {
                s += Math.exp(logits[r * v + j] - max);
            }
            sum += max + Math.log(s) - logits[r * v + targets[r]];
        }
        return sum / rows;
    }

    double[] logits(int[] tokens) {
        int h = c.hiddenSize(), rows = batch * seq, ff = c.intermediateSize(), v = c.vocabSize();
        int kv = c.kvDim(), qkvDim = h + 2 * kv;
        double[] x = new double[rows * h];
        double[] emb = w.get("token_embd.weight");
        for (int r = 0; r < rows; r++) {
            System.arraycopy(emb, tokens[r] * h, x, r * h, h);
        }
        dropout(x, embdP, 0);
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "blk." + l + ".";
            double[] ln = layerNorm(x, rows, h, w.get(p + "attn_norm.weight"), w.get(p + "attn_norm.bias"));
            double[] qkv = linear(ln, rows, h, w.get(p + "attn_qkv.weight"), w.get(p + "attn_qkv.bias"), qkvDim);
            for (int r = 0; r < rows; r++) {
                rope(qkv, r * qkvDim, c.numHeads(), r % seq);
                rope(qkv, r * qkvDim + h, c.numKvHeads(), r % seq);
            }
            double[] att = attention(qkv, qkvDim);
            double[] a = linear(att, rows, h, w.get(p + "attn_output.weight"), w.get(p + "attn_output.bias"), h);
            dropout(a, residP, 1 + 2 * l);
            double[] up = linear(ln, rows, h, w.get(p + "ffn_up.weight"), w.get(p + "ffn_up.bias"), ff);
            for (int i = 0; i < up.length; i++) {
                double u = up[i];
                up[i] = 0.5 * u * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (u + 0.044715 * u * u * u)));
            }
            double[] m = linear(up, rows, ff, w.get(p + "ffn_down.weight"), w.get(p + "ffn_down.bias"), h);
            dropout(m, residP, 2 + 2 * l);
            for (int i = 0; i < x.length; i++) {
                x[i] += a[i] + m[i];
            }
        }
        double[] ln = layerNorm(x, rows, h, w.get("output_norm.weight"), w.get("output_norm.bias"));
        return linear(ln, rows, h, w.get("output.weight"), w.get("output.bias"), v);
    }

    private double[] layerNorm(double[] x, int rows, int n, double[] g, double[] b) {
        double[] out = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double mean = 0, var = 0;
            for (int i = 0; i < n; i++) {
                mean += x[r * n + i];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                var += (x[r * n + i] - mean) * (x[r * n + i] - mean);
            }
            var /= n;
            double rs = 1 / Math.sqrt(var + c.layerNormEps());
            for (int i = 0; i < n; i++) {
                out[r * n + i] = (x[r * n + i] - mean) * rs * g[i] + b[i];
            }
        }
        return out;
    }

    private static double[] linear(double[] x, int rows, int in, double[] wt, double[] b, int out) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += x[r * in + i] * wt[o * in + i];
                }
                y[r * out + o] = s;
            }
        }
        return y;
    }

    private void rope(double[] x, int off, int heads, int pos) {
        int hd = c.headDim(), half = c.ropeDims() / 2;
        for (int hh = 0; hh < heads; hh++) {
            for (int i = 0; i < half; i++) {
                double invFreq = (float) (1.0 / Math.pow(c.ropeTheta(), 2.0 * i / c.ropeDims()));
                double a = pos * invFreq;
                // The model under test rounds cos/sin to float32 (as inference does); do the same so that the
                // reference is the same function, not a slightly different one.
                double cs = (float) Math.cos(a), sn = (float) Math.sin(a);
                int o = off + hh * hd;
                double x0 = x[o + i], x1 = x[o + i + half];
                x[o + i] = x0 * cs - x1 * sn;
                x[o + i + half] = x1 * cs + x0 * sn;
            }
        }
    }

    private double[] attention(double[] qkv, int qkvDim) {
        int h = c.hiddenSize(), hd = c.headDim(), heads = c.numHeads(), group = heads / c.numKvHeads();
        double[] out = new double[batch * seq * h];
        double scale = 1 / Math.sqrt(hd);
        for (int b = 0; b < batch; b++) {
            for (int head = 0; head < heads; head++) {
                int kvh = head / group;
                for (int t = 0; t < seq; t++) {
                    double[] s = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    int qo = (b * seq + t) * qkvDim + head * hd;
                    for (int u = 0; u <= t; u++) {
                        int ko = (b * seq + u) * qkvDim + h + kvh * hd;
                        double d = 0;
                        for (int i = 0; i < hd; i++) {
                            d += qkv[qo + i] * qkv[ko + i];
                        }
                        s[u] = d * scale;
                        max = Math.max(max, s[u]);
                    }
                    double sum = 0;
                    for (int u = 0; u <= t; u++) {
                        s[u] = Math.exp(s[u] - max);
                        sum += s[u];
                    }
                    for (int u = 0; u <= t; u++) {
                        int vo = (b * seq + u) * qkvDim + h + c.kvDim() + kvh * hd;
                        for (int i = 0; i < hd; i++) {
                            out[(b * seq + t) * h + head * hd + i] += s[u] / sum * qkv[vo + i];
                        }
                    }
                }
            }
        }
        return out;
    }
}
