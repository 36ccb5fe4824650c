/**
 * `MaxPoolGrad` on wasm, replacing the stock kernel, which routes gradients to the wrong
 * cells in many configurations (a 4×4 input under a 2×2 pool, every 'same' 2×2 pool, …:
 * checked against the cpu backend; so does its MaxPoolWithArgmax, which could otherwise
 * stand in).
 *
 * The gradient of max pooling sends each dy value to its window's first maximum in
 * row-major order (the cpu backend's rule). Composed from whole-tensor wasm kernels, one
 * window offset (kh, kw) at a time: the strided slice of x at that offset is compared with
 * the pooled output; the offsets that match and were not claimed by an earlier offset win,
 * and their dy is zero-upsampled back into place. With pools that tile the input
 * (pool = stride, the common case) the K² pieces interleave without overlap, so they are
 * put in place by one concat and reshape instead of K² full-size additions.
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
    const xTiled = tiles ? scope.reshape(xp, [batchSize * outHeight, filterHeight, outWidth, filterWidth * inChannels]) : undefined;
    let free = scope.run(tf.Fill, {}, { shape: y.shape, value: 1, dtype: 'float32' });
    const pieces: tf.TensorInfo[] = [];
    let dxp: tf.TensorInfo | undefined;
    for (let kh = 0; kh < filterHeight; kh++) {
      for (let kw = 0; kw < filterWidth; kw++) {
        // Tiling pools take each offset as a rank-4 Slice of a free reshape of x (wasm's
        // Slice copies contiguous runs; its StridedSlice is ~100× slower here).
        const xk = tiles
          ? scope.reshape(scope.run(tf.Slice, { x: xTiled as tf.TensorInfo }, {
            begin: [0, kh, 0, kw * inChannels], size: [batchSize * outHeight, 1, outWidth, inChannels] }), y.shape)
          : scope.run(tf.StridedSlice, { x: xp }, {
            begin: [0, kh, kw, 0],
            end: [batchSize, kh + (outHeight - 1) * strideHeight + 1, kw + (outWidth - 1) * strideWidth + 1, inChannels],
            strides: [1, strideHeight, strideWidth, 1],
            beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
          });
        const matches = scope.run(tf.Cast, { x: scope.run(tf.Equal, { a: xk, b: y }) }, { dtype: 'float32' });
        const wins = scope.run(tf.Multiply, { a: matches, b: free });
        free = scope.run(tf.Sub, { a: free, b: wins });
        const piece = scope.run(tf.Multiply, { a: dy, b: wins });
        if (tiles) {
          pieces.push(scope.reshape(piece, [batchSize * outHeight, 1, outWidth, inChannels]));
          continue;
        }
        const placed = padOrCrop(scope, scope.upsample(piece, strideHeight, strideWidth),
          kh, paddedHeight - kh - outHeight * strideHeight, kw, paddedWidth - kw - outWidth * strideWidth, 0);
        dxp = dxp ? scope.run(tf.Add, { a: dxp, b: placed }) : placed;
      }
    }
    if (tiles) {
      const rows: tf.TensorInfo[] = [];
      for (let kh = 0; kh < filterHeight; kh++) {
        const row = pieces.slice(kh * filterWidth, (kh + 1) * filterWidth);
        rows.push(row.length === 1 ? row[0] : scope.run(tf.Concat, row as unknown as Record<string, tf.TensorInfo>, { axis: 3 }));
      }
      const all = rows.length === 1 ? rows[0] : scope.run(tf.Concat, rows as unknown as Record<string, tf.TensorInfo>, { axis: 1 });
      dxp = scope.reshape(all, [batchSize, paddedHeight, paddedWidth, inChannels]);
    }
    return padOrCrop(scope, dxp as tf.TensorInfo, -padInfo.top, inHeight + padInfo.top - paddedHeight, -padInfo.left, inWidth + padInfo.left - paddedWidth, 0);
  });
}

/** Registration record for `MaxPoolGrad` on wasm (replaces the stock one). */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as tf.KernelFunc,
};
