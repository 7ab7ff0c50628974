package io.phi4j.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Blocks written byte by byte from the ggml-common.h layouts, decoded, and compared with values worked out by hand
 * (the arithmetic is in the comments). A layout mistake in a codec (nibble order, bit position, field offset)
 * shows up here even if quantize and dequantize were wrong in matching ways.
 */
class HandBuiltBlocksTest {

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] decode(GgmlType type, ByteBuffer bytes, int count) {
        assertThat((long) bytes.capacity()).isEqualTo(type.byteSize(count));
        float[] out = new float[count];
        Codecs.of(type).dequantize(MemorySegment.ofArray(bytes.array()), 0, out, 0, count);
        // The plain dot with a one-hot vector must pick the same element.
        float[] x = new float[count];
        for (int i = 0; i < count; i += 37) {
            if (!allFinite(out)) {
                break; // 0 * inf is NaN: a one-hot dot only makes sense over finite values
            }
            x[i] = 1f;
            assertThat(Codecs.of(type).dot(MemorySegment.ofArray(bytes.array()), 0, x, 0, count))
                    .as("%s dot with e_%d", type, i).isCloseTo(out[i], within(Math.abs(out[i]) * 1e-6f));
            x[i] = 0f;
        }
        return out;
    }

    private static boolean allFinite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void f16() {
        ByteBuffer b = le(12);
        b.putShort((short) 0x3C00);   // 1.0
        b.putShort((short) 0xC000);   // -2.0
        b.putShort((short) 0x7BFF);   // largest finite: 65504
        b.putShort((short) 0x0001);   // smallest subnormal: 2^-24
        b.putShort((short) 0x3555);   // 0x155 / 1024 * 2^-2 + 2^-2 = 0.333251953125
        b.putShort((short) 0xFC00);   // -inf
        assertThat(decode(GgmlType.F16, b, 6))
                .containsExactly(1.0f, -2.0f, 65504f, 0x1p-24f, 0.333251953125f, Float.NEGATIVE_INFINITY);
    }

    @Test
    void bf16() {
        ByteBuffer b = le(8);
        b.putShort((short) 0x3F80);   // 1.0
        b.putShort((short) 0xC0A0);   // -5.0 (0xC0A00000)
        b.putShort((short) 0x3EAA);   // 0x3EAA0000 = 1.328125 * 2^-2 = 0.33203125
        b.putShort((short) 0x7F80);   // +inf
        assertThat(decode(GgmlType.BF16, b, 4)).containsExactly(1.0f, -5.0f, 0.33203125f, Float.POSITIVE_INFINITY);
    }

    @Test
    void q8_0() {
        ByteBuffer b = le(34);
        b.putShort((short) 0x3800);                   // d = 0.5
        for (int j = 0; j < 32; j++) {
            b.put((byte) (j - 16));                   // q = -16 .. 15
        }
        float[] out = decode(GgmlType.Q8_0, b, 32);
        assertThat(out[0]).isEqualTo(-8.0f);          // -16 * 0.5
        assertThat(out[16]).isEqualTo(0.0f);
        assertThat(out[17]).isEqualTo(0.5f);
        assertThat(out[31]).isEqualTo(7.5f);          // 15 * 0.5
    }

    @Test
    void q4_0() {
        ByteBuffer b = le(18);
        b.putShort((short) 0x4000);                   // d = 2.0
        for (int j = 0; j < 16; j++) {
            b.put((byte) (j | ((15 - j) << 4)));      // element j: low nibble j; element j+16: high nibble 15-j
        }
        float[] out = decode(GgmlType.Q4_0, b, 32);
        assertThat(out[0]).isEqualTo(-16f);           // (0 - 8) * 2
        assertThat(out[8]).isEqualTo(0f);             // (8 - 8) * 2
        assertThat(out[15]).isEqualTo(14f);           // (15 - 8) * 2
        assertThat(out[16]).isEqualTo(14f);           // high nibble of byte 0 = 15 -> (15 - 8) * 2
        assertThat(out[31]).isEqualTo(-16f);          // high nibble of byte 15 = 0
        assertThat(out[20]).isEqualTo(6f);            // byte 4 high nibble 11 -> (11 - 8) * 2
    }

    @Test
    void q4_1() {
        ByteBuffer b = le(20);
        b.putShort((short) 0x3400);                   // d = 0.25
        b.putShort((short) 0xBC00);                   // m = -1.0
        for (int j = 0; j < 16; j++) {
            b.put((byte) (j | ((15 - j) << 4)));
        }
        float[] out = decode(GgmlType.Q4_1, b, 32);
        assertThat(out[0]).isEqualTo(-1.0f);          // 0 * 0.25 - 1
        assertThat(out[3]).isEqualTo(-0.25f);         // 3 * 0.25 - 1
        assertThat(out[15]).isEqualTo(2.75f);         // 15 * 0.25 - 1
        assertThat(out[16]).isEqualTo(2.75f);         // high nibble 15
        assertThat(out[30]).isEqualTo(-0.75f);        // byte 14 high nibble 1 -> 0.25 - 1
    }

    @Test
    void q5_0() {
        ByteBuffer b = le(22);
        b.putShort((short) 0x3C00);                   // d = 1.0
        b.putInt(0x80010002);                         // 5th bits set for elements 1, 16 and 31
        for (int j = 0; j < 16; j++) {
            b.put((byte) (j | ((15 - j) << 4)));
        }
        float[] out = decode(GgmlType.Q5_0, b, 32);
        assertThat(out[0]).isEqualTo(-16f);           // (0 | 0) - 16
        assertThat(out[1]).isEqualTo(1f);             // (1 | 16) - 16
        assertThat(out[2]).isEqualTo(-14f);           // (2 | 0) - 16
        assertThat(out[16]).isEqualTo(15f);           // high nibble 15 | 16 = 31 - 16
        assertThat(out[17]).isEqualTo(-2f);           // high nibble 14, no 5th bit -> 14 - 16
        assertThat(out[31]).isEqualTo(0f);            // high nibble 0 | 16 = 16 - 16
    }

    @Test
    void q5_1() {
        ByteBuffer b = le(24);
        b.putShort((short) 0x3800);                   // d = 0.5
        b.putShort((short) 0x4200);                   // m = 3.0
        b.putInt(0x00000101);                         // 5th bits for elements 0 and 8
        for (int j = 0; j < 16; j++) {
            b.put((byte) (j | (j << 4)));
        }
        float[] out = decode(GgmlType.Q5_1, b, 32);
        assertThat(out[0]).isEqualTo(11f);            // (0 | 16) * 0.5 + 3
        assertThat(out[1]).isEqualTo(3.5f);           // 1 * 0.5 + 3
        assertThat(out[8]).isEqualTo(15f);            // (8 | 16) = 24 * 0.5 + 3
        assertThat(out[24]).isEqualTo(7f);            // element 24 = high nibble of byte 8 = 8, no 5th bit: 4 + 3
        assertThat(out[31]).isEqualTo(10.5f);         // 15 * 0.5 + 3
    }

    /**
     * Sub-block scales sc = {1,2,3,4,5,6,7,63} and mins m = {0,1,2,3,4,5,6,33} packed as get_scale_min_k4 reads them:
     * bytes 0-3 hold sc[0..3] plus the top 2 bits of sc[4..7]; bytes 4-7 hold m[0..3] plus the top 2 bits of
     * m[4..7]; bytes 8-11 hold the low 4 bits of sc[4..7] (low nibble) and m[4..7] (high nibble).
     */
    private static void putKScales(ByteBuffer b) {
        b.put((byte) 1).put((byte) 2).put((byte) 3).put((byte) (4 | (3 << 6)));      // sc[7] = 63: top bits 3
        b.put((byte) 0).put((byte) 1).put((byte) 2).put((byte) (3 | (2 << 6)));      // m[7] = 33: top bits 2
        b.put((byte) 0x45).put((byte) 0x56).put((byte) 0x67).put((byte) 0x1F);       // (5,4) (6,5) (7,6) (15,1)
    }

    @Test
    void q4_K() {
        ByteBuffer b = le(144);
        b.putShort((short) 0x3C00);                   // d = 1.0
        b.putShort((short) 0x3800);                   // dmin = 0.5
        putKScales(b);
        for (int i = 0; i < 128; i++) {
            b.put((byte) 0x21);                       // low nibble 1 (even sub-blocks), high nibble 2 (odd)
        }
        b.put(16 + 5, (byte) 0xF0);                   // chunk 0 byte 5: element 5 -> 0, element 37 -> 15
        float[] out = decode(GgmlType.Q4_K, b, 256);
        // value = d * sc[s] * q - dmin * m[s]
        assertThat(out[0]).isEqualTo(1f);             // s0: 1*1*1 - 0.5*0
        assertThat(out[5]).isEqualTo(0f);             // s0: q = 0
        assertThat(out[32]).isEqualTo(3.5f);          // s1: 1*2*2 - 0.5*1
        assertThat(out[37]).isEqualTo(29.5f);         // s1: 2*15 - 0.5
        assertThat(out[64]).isEqualTo(2f);            // s2: 3*1 - 0.5*2
        assertThat(out[127]).isEqualTo(6.5f);         // s3: 4*2 - 0.5*3
        assertThat(out[128]).isEqualTo(3f);           // s4: 5*1 - 0.5*4
        assertThat(out[160]).isEqualTo(9.5f);         // s5: 6*2 - 0.5*5
        assertThat(out[192]).isEqualTo(4f);           // s6: 7*1 - 0.5*6
        assertThat(out[255]).isEqualTo(109.5f);       // s7: 63*2 - 0.5*33
    }

    @Test
    void q5_K() {
        ByteBuffer b = le(176);
        b.putShort((short) 0x3C00);                   // d = 1.0
        b.putShort((short) 0x3800);                   // dmin = 0.5
        putKScales(b);
        byte[] qh = new byte[32];
        qh[0] = (byte) 0xFF;                          // element l = 0 of every sub-block gets +16
        qh[3] = 0x40;                                 // bit 6 = chunk 3 low half: element 64*3 + 3 = 195 gets +16
        b.put(qh);
        for (int i = 0; i < 128; i++) {
            b.put((byte) 0x21);
        }
        float[] out = decode(GgmlType.Q5_K, b, 256);
        assertThat(out[0]).isEqualTo(17f);            // s0: 1*(1+16) - 0
        assertThat(out[1]).isEqualTo(1f);             // s0: no high bit
        assertThat(out[32]).isEqualTo(35.5f);         // s1: 2*(2+16) - 0.5
        assertThat(out[33]).isEqualTo(3.5f);          // s1: 2*2 - 0.5
        assertThat(out[195]).isEqualTo(116f);         // s6: 7*(1+16) - 3
        assertThat(out[196]).isEqualTo(4f);           // s6: 7*1 - 3
        assertThat(out[224]).isEqualTo(1117.5f);      // s7: 63*(2+16) - 16.5
        assertThat(out[255]).isEqualTo(109.5f);       // s7: 63*2 - 16.5
    }

    @Test
    void q6_K() {
        ByteBuffer b = le(210);
        for (int i = 0; i < 128; i++) {
            b.put((byte) 0x31);                       // ql: low nibble 1, high nibble 3
        }
        byte[] qh = new byte[64];
        qh[0] = (byte) 0xE4;                          // 2-bit fields 0,1,2,3 for elements 0, 32, 64, 96
        b.put(qh);
        byte[] sc = {2, 1, -3, 1, 4, 1, 127, 1, 1, 1, 1, 1, 1, 1, 1, -128};
        b.put(sc);
        b.putShort((short) 0x3800);                   // d = 0.5
        float[] out = decode(GgmlType.Q6_K, b, 256);
        // value = d * scale[i / 16] * (level - 32); level = nibble | (2 high bits << 4)
        assertThat(out[0]).isEqualTo(-31f);           // level 1:              0.5 * 2 * -31
        assertThat(out[1]).isEqualTo(-31f);           // same scale, qh[1] = 0
        assertThat(out[32]).isEqualTo(22.5f);         // level 1 | 1<<4 = 17:  0.5 * -3 * -15
        assertThat(out[33]).isEqualTo(46.5f);         // level 1:              0.5 * -3 * -31
        assertThat(out[64]).isEqualTo(6f);            // level 3 | 2<<4 = 35:  0.5 * 4 * 3
        assertThat(out[96]).isEqualTo(1206.5f);       // level 3 | 3<<4 = 51:  0.5 * 127 * 19
        assertThat(out[97]).isEqualTo(-1841.5f);      // level 3:              0.5 * 127 * -29
        assertThat(out[200]).isEqualTo(-14.5f);       // second half, high nibble 3: 0.5 * 1 * -29
        assertThat(out[255]).isEqualTo(1856f);        // level 3:              0.5 * -128 * -29
    }

    @Test
    void q8_K() {
        ByteBuffer b = le(292);
        b.putFloat(0.25f);                            // d is a float32 here
        for (int j = 0; j < 256; j++) {
            b.put((byte) (j - 128));
        }
        float[] out = decode(GgmlType.Q8_K, b, 256);
        assertThat(out[0]).isEqualTo(-32f);           // -128 * 0.25
        assertThat(out[128]).isEqualTo(0f);
        assertThat(out[255]).isEqualTo(31.75f);       // 127 * 0.25
    }

    @Test
    void halfPrecisionRoundingMatchesGgml() {
        // Round to nearest even at the 10-bit mantissa boundary.
        assertThat(Fp16.fromFloat(1.00048828125f)).isEqualTo((short) 0x3C00);   // exactly halfway -> even
        assertThat(Fp16.fromFloat(1.00146484375f)).isEqualTo((short) 0x3C02);   // halfway between 0x3C01 and 0x3C02
        assertThat(Fp16.fromFloat(65520f)).isEqualTo((short) 0x7C00);           // rounds past 65504 to inf
        assertThat(Fp16.fromFloat(65519.99f)).isEqualTo((short) 0x7BFF);
        assertThat(Fp16.fromFloat(0x1p-25f)).isEqualTo((short) 0x0000);         // half of min subnormal -> even (0)
        assertThat(Fp16.fromFloat(0x1.8p-25f)).isEqualTo((short) 0x0001);
        assertThat(Fp16.fromFloat(-0.0f)).isEqualTo((short) 0x8000);
        // ggml turns every NaN into the quiet NaN 0x7E00 with the input's sign; the JDK would keep payload bits.
        assertThat(Fp16.fromFloat(Float.intBitsToFloat(0x7F800001))).isEqualTo((short) 0x7E00);
        assertThat(Fp16.fromFloat(Float.intBitsToFloat(0xFFFFFFFF))).isEqualTo((short) 0xFE00);
    }

    @Test
    void halfPrecisionAgreesWithJdkOnEveryNonNanSample() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        for (int i = 0; i < 2_000_000; i++) {
            int bits = i < 65536 ? (i << 16) | rnd.nextInt(65536) : rnd.nextInt();
            float f = Float.intBitsToFloat(bits);
            if (Float.isNaN(f)) {
                continue;
            }
            short ours = Fp16.fromFloat(f);
            if (ours != Float.floatToFloat16(f)) {
                throw new AssertionError("fp16 of " + f + " (0x" + Integer.toHexString(bits) + "): ours 0x"
                        + Integer.toHexString(ours & 0xFFFF) + ", JDK 0x"
                        + Integer.toHexString(Float.floatToFloat16(f) & 0xFFFF));
            }
        }
    }

    @Test
    void bfloat16RoundingMatchesGgml() {
        assertThat(Bf16.fromFloat(Float.intBitsToFloat(0x3F808000))).isEqualTo((short) 0x3F80);  // tie -> even
        assertThat(Bf16.fromFloat(Float.intBitsToFloat(0x3F818000))).isEqualTo((short) 0x3F82);  // tie -> even (up)
        assertThat(Bf16.fromFloat(Float.intBitsToFloat(0x3F808001))).isEqualTo((short) 0x3F81);
        assertThat(Bf16.fromFloat(Float.intBitsToFloat(0x7F7FFFFF))).isEqualTo((short) 0x7F80);  // max float -> inf
        // NaN: top 16 bits with the quiet bit forced, never rounded (0x7F800001 would otherwise stay a NaN only
        // by luck, and 0x7FFFFFFF would carry into the sign bit).
        assertThat(Bf16.fromFloat(Float.intBitsToFloat(0x7F800001))).isEqualTo((short) 0x7FC0);
        assertThat(Bf16.fromFloat(Float.intBitsToFloat(0x7FFFFFFF))).isEqualTo((short) 0x7FFF);
        assertThat(Bf16.fromFloat(Float.intBitsToFloat(0xFF800001))).isEqualTo((short) 0xFFC0);
    }
}
