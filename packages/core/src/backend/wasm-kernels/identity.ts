/**
 * `Identity` on wasm without a copy. The engine clones every tensor a gradient will need
 * (`saveTensorsForBackwardMode`) through `Identity`, and the stock wasm kernel copies the
 * data each time: three full copies of a conv activation per step in the textbook CNN.
 * Tensor data is immutable, so the clone can share the buffer and count a reference, as
 * the cpu backend's Identity and wasm's own Reshape do.
 */
import * as tf from '@tensorflow/tfjs';
import { runStockKernel, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `Identity` on wasm. */
export function identityWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return runStockKernel(tf.Identity, args);
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Registration record for `Identity` on wasm (replaces the stock one). */
export const identityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: identityWasm as unknown as tf.KernelFunc,
};
