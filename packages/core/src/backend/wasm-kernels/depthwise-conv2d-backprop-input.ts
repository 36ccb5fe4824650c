/**
 * `DepthwiseConv2dNativeBackpropInput` on wasm, which tfjs-backend-wasm 4.22 lacks.
 *
 * As for a full convolution (see conv2d-backprop-input.ts), the input gradient is a
 * stride-1 convolution of the zero-upsampled dy with the 180°-rotated filter, here a
 * depthwise one: dy's C·M channels each meet their own rotated filter slice, and with a
 * channel multiplier M > 1 a Sum over the M partial results per input channel finishes it.
 */
import * as tf from '@tensorflow/tfjs';
import { inputGradientOperand } from './input-gradient-operand';
import { runOnCpu } from './run-on-cpu';
import { withWasmScope, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `DepthwiseConv2dNativeBackpropInput` on wasm. */
export function depthwiseConv2dBackpropInputWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const dy = args.inputs.dy as tf.TensorInfo;
  const filter = args.inputs.filter as tf.TensorInfo;
  const { strides, dilations, pad, dimRoundingMode, inputShape } = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const filterShape = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, dilations ?? 1, pad, dimRoundingMode, true);
  const { dilationHeight, dilationWidth, filterHeight, filterWidth, padInfo, inHeight, inWidth } = info;
  const padTop = (filterHeight - 1) * dilationHeight - padInfo.top;
  const padLeft = (filterWidth - 1) * dilationWidth - padInfo.left;
  if (dy.dtype !== 'float32' || padTop < 0 || padLeft < 0) return runOnCpu(tf.DepthwiseConv2dNativeBackpropInput, args);
  const [, , channels, multiplier] = filterShape;
  return withWasmScope(args.backend, (scope) => {
    const { x, pad: padding } = inputGradientOperand(scope, dy, info, padTop, padLeft);
    const rotated = scope.reshape(scope.run(tf.Reverse, { x: filter }, { dims: [0, 1] }), [filterHeight, filterWidth, channels * multiplier, 1]);
    const dx = scope.run(tf.DepthwiseConv2dNative, { x, filter: rotated }, { strides: [1, 1], dilations: [dilationHeight, dilationWidth], pad: padding });
    if (multiplier === 1) return dx;
    const split = scope.reshape(dx, [dx.shape[0], inHeight, inWidth, channels, multiplier]);
    return scope.run(tf.Sum, { x: split }, { axis: [4], keepDims: false });
  });
}

/** Registration record for `DepthwiseConv2dNativeBackpropInput` on wasm. */
export const depthwiseConv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropInputWasm as unknown as tf.KernelFunc,
};
