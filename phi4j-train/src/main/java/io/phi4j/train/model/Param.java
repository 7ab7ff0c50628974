package io.phi4j.train.model;

import java.util.Arrays;

/**
 * One trainable tensor: its canonical name (llama.cpp GGUF naming, see {@link io.phi4j.model.TensorNames}),
 * row-major shape, float32 values and their gradient. Matrices ({@code rank 2}) get weight decay; vectors
 * (biases, LayerNorm) do not, as in GPT-2 / nanoGPT practice and the Phi papers' AdamW setup.
 */
public final class Param {
    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;

    public Param(String name, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        this.value = new float[Math.toIntExact(n)];
        this.grad = new float[value.length];
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public long[] longShape() {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    public int size() {
        return value.length;
    }

    public float[] value() {
        return value;
    }

    public float[] grad() {
        return grad;
    }

    /** Matrices get weight decay; biases and LayerNorm parameters do not. */
    public boolean decays() {
        return shape.length >= 2;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
