/**
 * `_FusedMatMul` (matmul + bias + activation, what dense layers call) on wasm with
 * explicit transposes, for the same reason as batch-mat-mul.ts: XNNPACK's fused GEMM is
 * fast only untransposed.
 */
import * as tf from '@tensorflow/tfjs';
import { explicitTransposeMatMul } from './batch-mat-mul';

/** The kernel function registered for `_FusedMatMul` on wasm. */
export const fusedMatMulWasm = explicitTransposeMatMul(tf._FusedMatMul);

/** Registration record for `_FusedMatMul` on wasm (replaces the stock one). */
export const fusedMatMulConfig: tf.KernelConfig = {
  kernelName: tf._FusedMatMul,
  backendName: 'wasm',
  kernelFunc: fusedMatMulWasm as unknown as tf.KernelFunc,
};
