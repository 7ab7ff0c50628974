/**
 * Compute kernels of the forward pass: matmul, attention, element-wise ops, and the worker pool that splits them.
 *
 * <h2>Matmul</h2>
 * {@link io.phi4j.kernel.MatMul#matmul} is the entry point. It chooses a path for each call:
 * <ul>
 *   <li><b>Decode</b> (fewer than 8 tokens) is bound by memory bandwidth: every weight is read once per token, so
 *       the per-type {@link io.phi4j.kernel.WeightKernel#matVec} dequantizes and dots in one pass, in registers,
 *       with no temporary row (Q8_0: 16 int8 widened to floats per load; Q4_0/Q4_K: one widening per 32
 *       nibbles; F16: halves rebuilt with integer ops, since the Vector API has no half-to-float conversion).</li>
 *   <li><b>Prefill</b> (8 tokens or more) is bound by arithmetic: {@link io.phi4j.kernel.Gemm} decodes each
 *       weight once into a float panel (48 rows by 256 columns), transposes the input once so that tokens are
 *       vector lanes ({@link io.phi4j.kernel.TransposedInput}), and runs a 6-row by 64-token register tile of
 *       outer products ({@link io.phi4j.kernel.VectorGemmTile}: 24 accumulators, no horizontal sums).</li>
 *   <li><b>Plain</b>, for types without a kernel: each row dequantized by its codec, then dotted.</li>
 * </ul>
 * Kernels exist for F32, F16, BF16, Q8_0, Q4_0, Q4_K and Q6_K, each as a Vector API class and a scalar twin
 * ({@code -Dphi4j.kernels=vector|scalar|plain}, see {@link io.phi4j.kernel.Kernels}). Activations stay float: an
 * int8-activation path (x quantized to Q8_0 blocks, as llama.cpp does) measured no faster in Java, because the
 * Vector API has no int8 dot-product instruction (VNNI) and widening int8 products to int32 costs as much as
 * converting the weights to float.
 *
 * <h2>Rules the kernels follow, learned the hard way</h2>
 * <ul>
 *   <li>Sum lanes in a fixed order ({@code Simd.sum}), never with {@code reduceLanes(ADD)}, whose order differs
 *       between the interpreter and C2: results must not change when the JIT kicks in.</li>
 *   <li>Keep each hot method small: past C2's inlining budget a helper is called instead of inlined, and every
 *       vector that crosses the call is boxed (one allocation per use, 10-20x slower).</li>
 *   <li>Vector loads of activations come from 64-byte aligned native memory: a float[] starts 16 bytes into an
 *       8-byte aligned object, so its 64-byte loads straddle cache lines.</li>
 *   <li>No float subnormals into multiplies (x86 microcode assists), no byte-lane shifts (emulated on x86).</li>
 * </ul>
 */
package io.phi4j.kernel;
