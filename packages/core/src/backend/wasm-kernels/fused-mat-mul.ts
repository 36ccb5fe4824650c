/**
 * `_FusedMatMul` (matmul + bias + activation, what dense layers call) on wasm with
 * explicit transposes, for the same reason as batch-mat-mul.ts: XNNPACK's fused GEMM is
 * fast only untransposed.
 */
import * as tf from '@tensorflow/tfjs';
import { transposeLastTwo } from './batch-mat-mul';
import { saveStockWasmKernel, withWasmScope, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `_FusedMatMul` on wasm. */
export function fusedMatMulWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const stock = saveStockWasmKernel(tf._FusedMatMul);
  if (!stock) throw new Error('deeper expects the wasm backend to have a _FusedMatMul kernel, but it has none');
  const { transposeA, transposeB } = args.attrs as unknown as tf._FusedMatMulAttrs;
  if (!transposeA && !transposeB) return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
  const a = args.inputs.a as tf.TensorInfo;
  const b = args.inputs.b as tf.TensorInfo;
  return withWasmScope(args.backend, (scope) =>
    scope.run(tf._FusedMatMul, {
      ...args.inputs,
      a: transposeA ? transposeLastTwo(scope, a) : a,
      b: transposeB ? transposeLastTwo(scope, b) : b,
    }, { ...args.attrs, transposeA: false, transposeB: false }));
}

/** Registration record for `_FusedMatMul` on wasm (replaces the stock one). */
export const fusedMatMulConfig: tf.KernelConfig = {
  kernelName: tf._FusedMatMul,
  backendName: 'wasm',
  kernelFunc: fusedMatMulWasm as unknown as tf.KernelFunc,
};
