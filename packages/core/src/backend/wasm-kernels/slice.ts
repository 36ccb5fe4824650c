/**
 * `Slice` on wasm (replaces the stock one) for 4-byte values up to rank 4: the native
 * `slice4_x32` (./native/kernels.c) copies whole rows of the last axis. The gradient of
 * every zero-padding layer is such a slice of an activation-sized tensor; the stock
 * kernel took 5–7 ms for a [100, 18, 18, 32] → [100, 14, 14, 32] crop here. Higher
 * ranks and 1-byte dtypes go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset, nativeKernels } from './native-kernels';
import { runStockKernel, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `Slice` on wasm. */
export function sliceWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || x.shape.length > 4 || x.shape.length === 0) return runStockKernel(tf.Slice, args);
  const [begins, sizes] = tf.slice_util.parseSliceParams(x, begin, size);
  tf.slice_util.assertParamsValid(x, begins, sizes);
  const { backend } = args;
  const out = backend.makeOutput(sizes, x.dtype);
  if (tf.util.sizeFromShape(sizes) === 0) return out;
  const lead = 4 - x.shape.length;
  const d = [...Array(lead).fill(1), ...x.shape];
  const b = [...Array(lead).fill(0), ...begins];
  const s = [...Array(lead).fill(1), ...sizes];
  nativeKernels(backend).slice4_x32(heapOffset(backend, x), heapOffset(backend, out),
    d[0], d[1], d[2], d[3], b[0], b[1], b[2], b[3], s[0], s[1], s[2], s[3]);
  return out;
}

/** Registration record for `Slice` on wasm (replaces the stock one). */
export const sliceConfig: tf.KernelConfig = {
  kernelName: tf.Slice,
  backendName: 'wasm',
  kernelFunc: sliceWasm as unknown as tf.KernelFunc,
};
