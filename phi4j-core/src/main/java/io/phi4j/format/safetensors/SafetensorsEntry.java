package io.phi4j.format.safetensors;

import java.util.Arrays;

/**
 * One tensor as a safetensors header describes it.
 *
 * @param name  the tensor's name in the file
 * @param dtype its element type (possibly one phi4j cannot compute with, see {@link SafetensorsDtype#isSupported()})
 * @param shape row-major dimensions
 * @param begin first byte, relative to the start of the data section (after the header)
 * @param end   one past the last byte, relative to the data section
 */
public record SafetensorsEntry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
    public SafetensorsEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long byteSize() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsEntry e && name.equals(e.name) && dtype == e.dtype
                && Arrays.equals(shape, e.shape) && begin == e.begin && end == e.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
    }
}
