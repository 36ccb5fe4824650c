/**
 * `UnsortedSegmentSum` on wasm, which tfjs-backend-wasm 4.22 lacks: it is the gradient of
 * `gather` (a DQN's Q(s, a) selection, a detector's RoI gathers, an embedding lookup).
 *
 *   out[s, …] = Σ_{i: ids[i] = s} x[i, …]
 *
 * as one scatter-add pass over the data where it lies on the heap: zero the output, then add
 * each row of x into the row its id names. Ids outside [0, S) drop out, as TensorFlow
 * specifies. This reads x once and touches only the output rows it adds to: N·D additions,
 * where the one-hot product it replaces built an S × N matrix and multiplied it through
 * (S·N·D multiply-adds, and S·N floats of memory: out of memory for a gather of 100k rows
 * into 100k segments). Rows are added in index order, so sums are deterministic. int32 data
 * gives float32 sums, as tfjs's cpu backend returns them (TensorFlow itself keeps int32),
 * so that switching backends does not change a result's dtype.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `UnsortedSegmentSum` on wasm. */
export function unsortedSegmentSumWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { backend } = args;
  const x = args.inputs.x as tf.TensorInfo;
  const segmentIds = args.inputs.segmentIds as tf.TensorInfo;
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum on wasm expects float32 or int32 data, but received ${x.dtype}`);
  }
  const rows = tf.util.sizeFromShape(segmentIds.shape);
  const rest = x.shape.slice(segmentIds.shape.length);
  const width = tf.util.sizeFromShape(rest);
  const out = backend.makeOutput([numSegments, ...rest], 'float32');
  // Views made after the output's allocation, which may have grown (and so moved) the heap.
  const sums = backend.typedArrayFromHeap(out) as Float32Array;
  const data = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  sums.fill(0);
  for (let i = 0; i < rows; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const to = s * width;
    const from = i * width;
    for (let k = 0; k < width; k++) sums[to + k] += data[from + k];
  }
  return out;
}

/** Registration record for `UnsortedSegmentSum` on wasm. */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm as unknown as tf.KernelFunc,
};
