/**
 * `Conv2D` on wasm (replaces the stock one where it applies): deeper's native
 * `conv2d_f32` (./native/kernels.c), 4 output columns × 8 output channels a SIMD tile,
 * output rows shared across the backend's threads. For the textbook CNN's layers (batch
 * 100, a fresh filter each call as in training, 2 shared vCPUs) it took 6.4–12.8 ms where
 * the stock XNNPACK kernel took 6.4–14.0, and gives the same values (same summation
 * order). It needs float32 NHWC, dilation 1 and a multiple of 8 output channels; anything
 * else goes to the stock kernel. `Conv2DBackpropInput` runs its convolution through
 * `conv2dNative` too.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset } from './native-kernels';
import { runTiled } from './native-threads';
import { runStockKernel, withWasmScope, type WasmKernelArgs, type WasmKernelScope } from './wasm-kernel-scope';

/** Where the native convolution applies: float32 operands and a multiple of 8 output channels. */
export function nativeConv2dApplies(x: tf.TensorInfo, filter: tf.TensorInfo): boolean {
  return x.dtype === 'float32' && filter.dtype === 'float32' && filter.shape[3] % 8 === 0 && x.shape[3] === filter.shape[2];
}

/**
 * x [B, H, W, Ci] ⊛ filter [KH, KW, Ci, Co] → [B, outHeight, outWidth, Co], dilation 1,
 * windows starting at o·s − pad; taps outside x read zeros. The result is recorded in
 * `scope` like any intermediate (the caller returns it or frees it).
 */
export function conv2dNative(scope: WasmKernelScope, x: tf.TensorInfo, filter: tf.TensorInfo, outHeight: number, outWidth: number,
  strideHeight: number, strideWidth: number, padTop: number, padLeft: number): tf.TensorInfo {
  const [batch, inHeight, inWidth, inChannels] = x.shape;
  const [filterHeight, filterWidth, , outChannels] = filter.shape;
  const out = scope.output([batch, outHeight, outWidth, outChannels]);
  const rows = batch * outHeight;
  if (rows * outWidth * outChannels === 0) return out;
  const zeros = scope.output([Math.max(1, inChannels)]);
  scope.backend.typedArrayFromHeap(zeros).fill(0);
  const { backend } = scope;
  runTiled(backend, 'conv2d_f32', [
    heapOffset(backend, x), heapOffset(backend, filter), heapOffset(backend, out), heapOffset(backend, zeros),
    inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth,
    strideHeight, strideWidth, padTop, padLeft,
  ], rows, rows * outWidth * outChannels);
  return out;
}

/** The kernel function registered for `Conv2D` on wasm. */
export function conv2dWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  const filter = args.inputs.filter as tf.TensorInfo;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as tf.Conv2DAttrs;
  const dilated = (Array.isArray(dilations) ? dilations : [dilations]).some((d) => d !== 1);
  if (dataFormat === 'NCHW' || dilated || !nativeConv2dApplies(x, filter)) return runStockKernel(tf.Conv2D, args);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  return withWasmScope(args.backend, (scope) => conv2dNative(scope, x, filter, info.outHeight, info.outWidth,
    info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left));
}

/** Registration record for `Conv2D` on wasm (replaces the stock one). */
export const conv2dConfig: tf.KernelConfig = {
  kernelName: tf.Conv2D,
  backendName: 'wasm',
  kernelFunc: conv2dWasm as unknown as tf.KernelFunc,
};
