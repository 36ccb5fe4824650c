/**
 * `BatchMatMul` on wasm with explicit transposes. The stock kernel is fast only when
 * neither operand is transposed (XNNPACK's GEMM); with `transposeB` it ran at 1.2 GFLOP/s
 * and with `transposeA` at 0.34, against 13–21 untransposed, on a 1024³ product here. Every
 * dense layer's backward pass asks for a transpose (dW = xᵀ·dy, dx = dy·Wᵀ), so this wrapper
 * transposes the operand first (O(n²) with XNNPACK's transpose) and calls the stock kernel
 * untransposed (O(n³) on the fast path).
 */
import * as tf from '@tensorflow/tfjs';
import { runStockKernel, withWasmScope, type WasmKernelArgs, type WasmKernelScope } from './wasm-kernel-scope';

/** Swaps the last two axes of `x` with wasm's Transpose kernel. */
export function transposeLastTwo(scope: WasmKernelScope, x: tf.TensorInfo): tf.TensorInfo {
  const perm = x.shape.map((_, i) => i);
  const rank = perm.length;
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return scope.transpose(x, perm);
}

/**
 * Makes a matmul kernel (`BatchMatMul`, `_FusedMatMul`) that transposes its operands
 * explicitly and then calls the stock kernel untransposed; other inputs (bias, prelu
 * weights) and attributes (activation) pass through unchanged.
 */
export function explicitTransposeMatMul(kernelName: typeof tf.BatchMatMul | typeof tf._FusedMatMul): (args: WasmKernelArgs) => tf.TensorInfo | tf.TensorInfo[] {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return runStockKernel(kernelName, args);
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    return withWasmScope(args.backend, (scope) =>
      scope.run(kernelName, {
        ...args.inputs,
        a: transposeA ? transposeLastTwo(scope, a) : a,
        b: transposeB ? transposeLastTwo(scope, b) : b,
      }, { ...args.attrs, transposeA: false, transposeB: false }));
  };
}

/** The kernel function registered for `BatchMatMul` on wasm. */
export const batchMatMulWasm = explicitTransposeMatMul(tf.BatchMatMul);

/** Registration record for `BatchMatMul` on wasm (replaces the stock one). */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMulWasm as unknown as tf.KernelFunc,
};
