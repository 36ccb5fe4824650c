/**
 * `Conv2DBackpropFilter` on wasm, which tfjs-backend-wasm 4.22 lacks (every conv layer's
 * weight gradient needs it).
 *
 * dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh − padTop, ow·s + kw − padLeft, ci] · dy[b, oh, ow, co]
 *
 * is a GEMM of depth B·OH·OW. With a multiple of 4 output channels (every layer of the
 * networks here) deeper's native kernel computes it in place on the wasm heap, on all the
 * backend's threads (`conv2dBackpropFilterNative`). Otherwise it runs as one XNNPACK
 * convolution: read x as [Ci, H, W, B] (its channels swapped with its batch) and dy as a
 * filter [OH, OW, B, Co]; convolving them with dilation = the forward stride gives
 * [Ci, KH, KW, Co]. Both replace the cpu backend's six nested loops.
 *
 * The native kernel replaced the XNNPACK composition where it could because that
 * convolution is a poor fit for XNNPACK: its "filter" (dy) is repacked on every call, x
 * and dy need transposing first, and with one input channel it ran under 1 GFLOP/s.
 * `bench-conv2d-backprop-filter.ts` (one directory up) times both on the textbook CNN's
 * layers; in training steps alternated in one process the native kernel made the whole
 * step 24–28 % faster.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset } from './native-kernels';
import { runTiled } from './native-threads';
import { runOnCpu } from './run-on-cpu';
import { withWasmScope, type WasmKernelArgs, type WasmKernelScope } from './wasm-kernel-scope';

/**
 * x [B, H, W, C] → [C, H, W, B]. wasm's Transpose loops in output order, so doing this in
 * one go reads x with a stride of H·W·C for every element; a 2D transpose [B, H·W·C] →
 * [H·W·C, B] followed by swapping H·W and C (which moves whole rows of B values) touches
 * memory far more orderly: 5.7 ms against 10.3 ms for a [100, 18, 18, 32] x here.
 */
function batchLast(scope: WasmKernelScope, x: tf.TensorInfo): tf.TensorInfo {
  const [b, h, w, c] = x.shape;
  if (b === 1 || c === 1) return scope.transpose(x, [3, 1, 2, 0]);
  const flat = scope.transpose(scope.reshape(x, [b, h * w * c]), [1, 0]);
  return scope.reshape(scope.transpose(scope.reshape(flat, [h * w, c, b]), [1, 0, 2]), [c, h, w, b]);
}

/**
 * dW by deeper's native kernel (native/kernels.c `conv2d_backprop_filter_f32`): the same
 * sum as a GEMM over every output position, read in place from x and dy, no transposes,
 * its tiles shared across the backend's threads. For the textbook CNN's layers it ran
 * 1.3–6× faster than the XNNPACK composition below on 2 shared vCPUs (see `deeper bench
 * core`); it needs a multiple of 4 output channels.
 */
export function conv2dBackpropFilterNative(backend: WasmKernelArgs['backend'], x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const dW = backend.makeOutput(info.filterShape, 'float32');
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const tiles = filterHeight * filterWidth * Math.ceil(inChannels / 4) * Math.ceil(outChannels / 8);
  if (tiles === 0) return dW;
  if (batchSize * outHeight * outWidth === 0) {
    backend.typedArrayFromHeap(dW).fill(0);
    return dW;
  }
  runTiled(backend, 'conv2d_backprop_filter_f32', [
    heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, dW), batchSize, inHeight, inWidth, inChannels,
    outHeight, outWidth, outChannels, filterHeight, filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
  ], tiles);
  return dW;
}

/** The kernel function registered for `Conv2DBackpropFilter` on wasm. */
export function conv2dBackpropFilterWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  const dy = args.inputs.dy as tf.TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW' || x.dtype !== 'float32') return runOnCpu(tf.Conv2DBackpropFilter, args);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  if (info.outChannels % 4 === 0) return conv2dBackpropFilterNative(args.backend, x, dy, info);
  return conv2dBackpropFilterComposed(args.backend, x, dy, info);
}

/** dW as one XNNPACK convolution of x (batch and channels swapped) with dy as the filter. */
export function conv2dBackpropFilterComposed(backend: WasmKernelArgs['backend'], x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { strideHeight, strideWidth, filterHeight, filterWidth, outHeight, outWidth, padInfo } = info;
  const [, inHeight, inWidth] = x.shape;
  // Rows the forward pass read past the input's end (bottom padding), or rows it never read
  // (a stride that does not divide evenly): the latter are cropped, as pads must be ≥ 0.
  const padBottom = (outHeight - 1) * strideHeight + filterHeight - padInfo.top - inHeight;
  const padRight = (outWidth - 1) * strideWidth + filterWidth - padInfo.left - inWidth;
  return withWasmScope(backend, (scope) => {
    const xT = scope.crop(batchLast(scope, x), [
      x.shape[3], inHeight + Math.min(0, padBottom), inWidth + Math.min(0, padRight), x.shape[0]]);
    const dyT = scope.transpose(dy, [1, 2, 0, 3]);
    const dW = scope.run(tf.Conv2D, { x: xT, filter: dyT }, {
      strides: [1, 1],
      dilations: [strideHeight, strideWidth],
      pad: [[0, 0], [padInfo.top, Math.max(0, padBottom)], [padInfo.left, Math.max(0, padRight)], [0, 0]],
      dataFormat: 'NHWC',
    });
    return scope.transpose(dW, [1, 2, 0, 3]);
  });
}

/** Registration record for `Conv2DBackpropFilter` on wasm. */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm as unknown as tf.KernelFunc,
};
