/**
 * `Relu` and `LeakyRelu` on wasm by the addon, one pass split over the addon's threads.
 * With the addon on, XNNPACK (the stock kernels) runs on one wasm thread; a training step
 * applies these to every activation (tfjs-layers unfuses a conv's activation while
 * gradients are recorded). Non-float32 and empty tensors run the wasm kernel replaced.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from '../wasm-kernels/wasm-kernel-scope';
import { heapView, offsetOf } from './addon-heap';
import { activeAddon, callAddon } from './addon-call';
import { runReplaced } from './fallback';

function activationWith(kernelName: string, act: number, alpha: number, args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const addon = activeAddon(kernelName);
  const x = args.inputs.x as tf.TensorInfo;
  const n = tf.util.sizeFromShape(x.shape);
  if (!addon || x.dtype !== 'float32' || n === 0) return runReplaced(kernelName, args);
  const { backend } = args;
  const y = backend.makeOutput(x.shape, 'float32');
  try {
    callAddon(() => addon.activation(heapView(backend), offsetOf(backend, x), offsetOf(backend, y), n, act, alpha));
  } catch (error) {
    backend.disposeData(y.dataId);
    throw error;
  }
  return y;
}

/** The kernel function registered for `Relu` on wasm. */
export function reluAddon(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  return activationWith(tf.Relu, 1, 0, args);
}

/** The kernel function registered for `LeakyRelu` on wasm. */
export function leakyReluAddon(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { alpha } = args.attrs as unknown as tf.LeakyReluAttrs;
  return activationWith(tf.LeakyRelu, 3, alpha, args);
}
