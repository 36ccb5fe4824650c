/**
 * `MaxPoolGrad` on wasm, replacing the stock kernel, which routes gradients to the wrong
 * cells in many configurations (a 4×4 input under a 2×2 pool, every 'same' 2×2 pool, …:
 * checked against the cpu backend; so does its MaxPoolWithArgmax, which could otherwise
 * stand in).
 *
 * The gradient of max pooling sends each dy value to its window's first maximum in
 * row-major order (the cpu backend's rule), composed from whole-tensor wasm kernels. Pools
 * that tile the input (pool = stride, the common case) lay each window out as a row and
 * let ArgMax find that first maximum; overlapping pools go offset by offset (see
 * `overlappingGrad`), which is slower as wasm's StridedSlice is.
 */
import * as tf from '@tensorflow/tfjs';
import { runOnCpu } from './run-on-cpu';
import { withWasmScope, type WasmKernelArgs, type WasmKernelScope } from './wasm-kernel-scope';

/** Pads (positive) or crops (negative) axes 1 and 2 of an NHWC tensor. */
function padOrCrop(scope: WasmKernelScope, x: tf.TensorInfo, top: number, bottom: number, left: number, right: number, value: number): tf.TensorInfo {
  const [b, h, w, c] = x.shape;
  let out = x;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const begin = [0, Math.max(0, -top), Math.max(0, -left), 0];
    const size = [b, h - begin[1] - Math.max(0, -bottom), w - begin[2] - Math.max(0, -right), c];
    out = scope.run(tf.Slice, { x: out }, { begin, size });
  }
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    out = scope.run(tf.PadV2, { x: out }, {
      paddings: [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]],
      constantValue: value,
    });
  }
  return out;
}

/** The kernel function registered for `MaxPoolGrad` on wasm. */
export function maxPoolGradWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const dy = args.inputs.dy as tf.TensorInfo;
  const x = args.inputs.input as tf.TensorInfo;
  const y = args.inputs.output as tf.TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  if (x.dtype !== 'float32' || x.shape.length !== 4) return runOnCpu(tf.MaxPoolGrad, args);
  const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth, padInfo } = info;
  // The padded extent every window reads: windows start at o·s − pad and span the filter.
  const paddedHeight = (outHeight - 1) * strideHeight + filterHeight;
  const paddedWidth = (outWidth - 1) * strideWidth + filterWidth;
  const tiles = filterHeight === strideHeight && filterWidth === strideWidth;
  return withWasmScope(args.backend, (scope) => {
    const xp = padOrCrop(scope, x, padInfo.top, paddedHeight - inHeight - padInfo.top, padInfo.left, paddedWidth - inWidth - padInfo.left, -Infinity);
    const dxp = tiles
      ? tiledGrad(scope, xp, dy, batchSize * outHeight, outWidth, inChannels, filterHeight, filterWidth)
      : overlappingGrad(scope, xp, dy, y, info);
    return padOrCrop(scope, dxp, -padInfo.top, inHeight + padInfo.top - paddedHeight, -padInfo.left, inWidth + padInfo.left - paddedWidth, 0);
  });
}

/**
 * Pools that tile the input: each window becomes one row of K² values (a transpose),
 * ArgMax picks its first maximum, a one-hot of it times dy is the gradient, and the inverse
 * transpose puts it back. All in wasm kernels, no per-offset slicing.
 */
function tiledGrad(scope: WasmKernelScope, xp: tf.TensorInfo, dy: tf.TensorInfo, rows: number, outWidth: number, channels: number, kh: number, kw: number): tf.TensorInfo {
  const windows = rows * outWidth * channels;
  // [rows, kh, ow, kw, C] → [rows, ow, C, kh, kw] in two transposes of rank ≤ 4: wasm's
  // rank-5 Transpose is a generic loop that allocates per element (4× slower here).
  const rowsFirst = scope.transpose(scope.reshape(xp, [rows, kh, outWidth, kw * channels]), [0, 2, 1, 3]);
  const perWindow = scope.reshape(scope.transpose(scope.reshape(rowsFirst, [rows * outWidth, kh * kw, channels]), [0, 2, 1]), [windows, kh * kw]);
  const first = scope.run(tf.ArgMax, { x: perWindow }, { axis: 1 });
  // wasm's OneHot writes int32 whatever dtype it is told, hence the Cast.
  const oneHot = scope.run(tf.Cast, { x: scope.run(tf.OneHot, { indices: first }, { depth: kh * kw, onValue: 1, offValue: 0, dtype: 'int32' }) }, { dtype: 'float32' });
  const grad = scope.run(tf.Multiply, { a: oneHot, b: scope.reshape(dy, [windows, 1]) });
  const channelsLast = scope.transpose(scope.reshape(grad, [rows * outWidth, channels, kh * kw]), [0, 2, 1]);
  const back = scope.transpose(scope.reshape(channelsLast, [rows, outWidth, kh, kw * channels]), [0, 2, 1, 3]);
  return scope.reshape(back, [xp.shape[0], xp.shape[1], xp.shape[2], channels]);
}

/**
 * Overlapping pools: one window offset at a time, the strided slice of x at that offset is
 * compared with the pooled output; offsets that match and were not claimed by an earlier
 * one win, and their dy is zero-upsampled into place and added.
 */
function overlappingGrad(scope: WasmKernelScope, xp: tf.TensorInfo, dy: tf.TensorInfo, y: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize, inChannels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const [, paddedHeight, paddedWidth] = xp.shape;
  let free = scope.run(tf.Fill, {}, { shape: y.shape, value: 1, dtype: 'float32' });
  let dxp: tf.TensorInfo | undefined;
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const xk = scope.run(tf.StridedSlice, { x: xp }, {
        begin: [0, kh, kw, 0],
        end: [batchSize, kh + (outHeight - 1) * strideHeight + 1, kw + (outWidth - 1) * strideWidth + 1, inChannels],
        strides: [1, strideHeight, strideWidth, 1],
        beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
      });
      const matches = scope.run(tf.Cast, { x: scope.run(tf.Equal, { a: xk, b: y }) }, { dtype: 'float32' });
      const wins = scope.run(tf.Multiply, { a: matches, b: free });
      free = scope.run(tf.Sub, { a: free, b: wins });
      const placed = padOrCrop(scope, scope.upsample(scope.run(tf.Multiply, { a: dy, b: wins }), strideHeight, strideWidth),
        kh, paddedHeight - kh - outHeight * strideHeight, kw, paddedWidth - kw - outWidth * strideWidth, 0);
      dxp = dxp ? scope.run(tf.Add, { a: dxp, b: placed }) : placed;
    }
  }
  return dxp as tf.TensorInfo;
}

/** Registration record for `MaxPoolGrad` on wasm (replaces the stock one). */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as tf.KernelFunc,
};
