/**
 * `Conv2DBackpropInput` on wasm, replacing the stock kernel (a direct loop in C++ that does
 * not use XNNPACK) with one XNNPACK convolution.
 *
 * The input gradient of a convolution with stride s is a stride-1 convolution of dy,
 * zero-upsampled by s (each value followed by s − 1 zeros), with the filter rotated by
 * 180° and its in/out channels swapped, padded by (K − 1 − padTop) in front. Upsampling is
 * a rank-6 reshape plus one constant pad, so everything runs in XNNPACK.
 */
import * as tf from '@tensorflow/tfjs';
import { runOnCpu } from './run-on-cpu';
import { saveStockWasmKernel, withWasmScope, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `Conv2DBackpropInput` on wasm. */
export function conv2dBackpropInputWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const dy = args.inputs.dy as tf.TensorInfo;
  const filter = args.inputs.filter as tf.TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (dataFormat === 'NCHW' || dy.dtype !== 'float32') return runOnCpu(tf.Conv2DBackpropInput, args);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { strideHeight, strideWidth, filterHeight, filterWidth, outHeight, outWidth, padInfo, inHeight, inWidth } = info;
  const padTop = filterHeight - 1 - padInfo.top;
  const padLeft = filterWidth - 1 - padInfo.left;
  if (padTop < 0 || padLeft < 0) {
    const stock = saveStockWasmKernel(tf.Conv2DBackpropInput);
    if (stock) return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
    return runOnCpu(tf.Conv2DBackpropInput, args);
  }
  // The upsampled dy is outHeight·strideHeight tall (its last s − 1 rows are zeros); a
  // negative bottom pad means the forward pass never read the input's last rows.
  const padBottom = inHeight + padInfo.top - outHeight * strideHeight;
  const padRight = inWidth + padInfo.left - outWidth * strideWidth;
  return withWasmScope(args.backend, (scope) => {
    const up = scope.upsample(dy, strideHeight, strideWidth);
    const cropped = scope.crop(up, [
      up.shape[0], up.shape[1] + Math.min(0, padBottom), up.shape[2] + Math.min(0, padRight), up.shape[3]]);
    // Rotating by 180° reverses the flattened KH·KW axis; wasm's Reverse walks a generic
    // per-element index loop (≈3 ms for a 3×3×64×64 filter here), a row gather does not.
    const [kh, kw, ci, co] = filter.shape;
    const swapped = scope.transpose(scope.reshape(filter, [kh * kw, ci, co]), [0, 2, 1]);
    const reversed = scope.int32(Array.from({ length: kh * kw }, (_, i) => kh * kw - 1 - i));
    const rotated = scope.reshape(scope.run(tf.GatherV2, { x: swapped, indices: reversed }, { axis: 0, batchDims: 0 }), [kh, kw, co, ci]);
    return scope.run(tf.Conv2D, { x: cropped, filter: rotated }, {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [[0, 0], [padTop, Math.max(0, padBottom)], [padLeft, Math.max(0, padRight)], [0, 0]],
      dataFormat: 'NHWC',
    });
  });
}

/** Registration record for `Conv2DBackpropInput` on wasm. */
export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInputWasm as unknown as tf.KernelFunc,
};
