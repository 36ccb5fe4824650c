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
import { inputGradientOperand } from './input-gradient-operand';
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
  const { filterHeight, filterWidth, padInfo } = info;
  const padTop = filterHeight - 1 - padInfo.top;
  const padLeft = filterWidth - 1 - padInfo.left;
  if (padTop < 0 || padLeft < 0) {
    const stock = saveStockWasmKernel(tf.Conv2DBackpropInput);
    if (stock) return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
    return runOnCpu(tf.Conv2DBackpropInput, args);
  }
  return withWasmScope(args.backend, (scope) => {
    const { x, pad: padding } = inputGradientOperand(scope, dy, info, padTop, padLeft);
    // Rotating by 180° reverses the flattened KH·KW axis; wasm's Reverse walks a generic
    // per-element index loop (≈3 ms for a 3×3×64×64 filter here), a row gather does not.
    const [kh, kw, ci, co] = filter.shape;
    const swapped = scope.transpose(scope.reshape(filter, [kh * kw, ci, co]), [0, 2, 1]);
    const reversed = scope.int32(Array.from({ length: kh * kw }, (_, i) => kh * kw - 1 - i));
    const rotated = scope.reshape(scope.run(tf.GatherV2, { x: swapped, indices: reversed }, { axis: 0, batchDims: 0 }), [kh, kw, co, ci]);
    return scope.run(tf.Conv2D, { x, filter: rotated }, { strides: [1, 1], dilations: [1, 1], pad: padding, dataFormat: 'NHWC' });
  });
}

/** Registration record for `Conv2DBackpropInput` on wasm. */
export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInputWasm as unknown as tf.KernelFunc,
};
