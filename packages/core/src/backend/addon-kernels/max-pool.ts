/**
 * `MaxPool` on wasm by the addon: each window's maximum, images shared among the addon's
 * threads. With the addon on, XNNPACK (the stock kernel) runs on one wasm thread. NCHW,
 * non-float32, dilated and empty cases run the wasm kernel it replaced.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from '../wasm-kernels/wasm-kernel-scope';
import { heapView, offsetOf } from './addon-heap';
import { activeAddon, callAddon } from './addon-call';
import { runReplaced } from './fallback';

/** The kernel function registered for `MaxPool` on wasm. */
export function maxPoolAddon(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const addon = activeAddon(tf.MaxPool);
  const x = args.inputs.x as tf.TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolAttrs;
  if (!addon || x.dtype !== 'float32' || x.shape.length !== 4) return runReplaced(tf.MaxPool, args);
  const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1 || tf.util.sizeFromShape(info.outShape) === 0 || tf.util.sizeFromShape(x.shape) === 0) {
    return runReplaced(tf.MaxPool, args);
  }
  const { backend } = args;
  const y = backend.makeOutput(info.outShape, 'float32');
  try {
    callAddon(() => addon.maxPool(heapView(backend), offsetOf(backend, x), offsetOf(backend, y), info.batchSize,
      info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
      info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left));
  } catch (error) {
    backend.disposeData(y.dataId);
    throw error;
  }
  return y;
}
