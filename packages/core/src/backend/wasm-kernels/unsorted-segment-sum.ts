/**
 * `UnsortedSegmentSum` on wasm, which tfjs-backend-wasm 4.22 lacks: it is the gradient of
 * `gather`, so a DQN's Q(s, a) selection needs it.
 *
 * out[s, …] = Σ_{i: ids[i] = s} x[i, …] is a matrix product: oneHot(ids)ᵀ [S, N] times x
 * as [N, D]. Ids outside [0, S) give all-zero one-hot rows and drop out, as TensorFlow
 * specifies. The one-hot is transposed explicitly so that XNNPACK's untransposed GEMM runs.
 * Int32 data goes to the cpu fallback, as XNNPACK's GEMM is float32-only.
 */
import * as tf from '@tensorflow/tfjs';
import { runOnCpu } from './run-on-cpu';
import { withWasmScope, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `UnsortedSegmentSum` on wasm. */
export function unsortedSegmentSumWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  const segmentIds = args.inputs.segmentIds as tf.TensorInfo;
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  if (x.dtype !== 'float32' || segmentIds.dtype !== 'int32') return runOnCpu(tf.UnsortedSegmentSum, args);
  const rows = tf.util.sizeFromShape(segmentIds.shape);
  const rest = x.shape.slice(segmentIds.shape.length);
  const width = tf.util.sizeFromShape(rest);
  return withWasmScope(args.backend, (scope) => {
    const ids = scope.reshape(segmentIds, [rows]);
    // wasm's OneHot writes int32 whatever dtype it is told, hence the Cast.
    const oneHot = scope.run(tf.OneHot, { indices: ids }, { depth: numSegments, onValue: 1, offValue: 0, dtype: 'int32' });
    const selector = scope.reshape(scope.transpose(scope.run(tf.Cast, { x: oneHot }, { dtype: 'float32' }), [1, 0]), [1, numSegments, rows]);
    const x3 = scope.reshape(x, [1, rows, width]);
    const out = scope.run(tf.BatchMatMul, { a: selector, b: x3 }, { transposeA: false, transposeB: false });
    return scope.reshape(out, [numSegments, ...rest]);
  });
}

/** Registration record for `UnsortedSegmentSum` on wasm. */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm as unknown as tf.KernelFunc,
};
