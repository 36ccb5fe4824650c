/**
 * `MaxPoolGrad` on wasm, replacing the stock kernel, which routes gradients to the wrong
 * cells in many configurations (a 4×4 input under a 2×2 pool, every 'same' 2×2 pool, …:
 * checked against the cpu backend; so does its MaxPoolWithArgmax, which could otherwise
 * stand in).
 *
 * The gradient of max pooling sends each dy value to its window's first maximum in
 * row-major order (the cpu backend's rule), windows clipped to the input so that padding
 * never wins. That is one pass over x, done by the native `max_pool_grad_f32`
 * (./native/kernels.c) on the wasm heap, images shared across the backend's threads: 1–4 ms for the textbook CNN's pools, where the
 * earlier composition of wasm kernels (window rows, ArgMax, one-hot, two transposes) took
 * 10–27 ms each.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset } from './native-kernels';
import { maxPoolGradPass } from './memory-passes';
import { runOnCpu } from './run-on-cpu';
import type { WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `MaxPoolGrad` on wasm. */
export function maxPoolGradWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const dy = args.inputs.dy as tf.TensorInfo;
  const x = args.inputs.input as tf.TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32' || x.shape.length !== 4) return runOnCpu(tf.MaxPoolGrad, args);
  const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const dx = args.backend.makeOutput(x.shape, 'float32');
  if (tf.util.sizeFromShape(x.shape) === 0) return dx;
  const { backend } = args;
  maxPoolGradPass(backend, heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, dx), info.batchSize, [
    info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
  ]);
  return dx;
}

/** Registration record for `MaxPoolGrad` on wasm (replaces the stock one). */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as tf.KernelFunc,
};
