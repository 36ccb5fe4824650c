/**
 * `DepthwiseConv2dNativeBackpropFilter` on wasm, which tfjs-backend-wasm 4.22 lacks
 * (depthwise and separable conv layers need it).
 *
 * dW[kh, kw, c, m] = Σ_{b, oh, ow} x[b, oh·s + kh·d − padTop, …, c] · dy[b, oh, ow, c·M + m]
 *
 * keeps channels apart, so it is a depthwise convolution once the batch is folded into the
 * channels: x as one image [1, H, W, B·C], dy as a depthwise filter [OH, OW, B·C, M],
 * stride = the forward dilation, dilation = the forward stride. That gives one partial
 * gradient per sample, [KH, KW, B, C·M], and a Sum over B finishes it: all XNNPACK.
 */
import * as tf from '@tensorflow/tfjs';
import { runOnCpu } from './run-on-cpu';
import { withWasmScope, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `DepthwiseConv2dNativeBackpropFilter` on wasm. */
export function depthwiseConv2dBackpropFilterWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  const dy = args.inputs.dy as tf.TensorInfo;
  const { strides, dilations, pad, dimRoundingMode, filterShape } = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  if (x.dtype !== 'float32') return runOnCpu(tf.DepthwiseConv2dNativeBackpropFilter, args);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, dilations ?? 1, pad, dimRoundingMode, true);
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth, outHeight, outWidth, padInfo } = info;
  const [batch, inHeight, inWidth, channels] = x.shape;
  const multiplier = filterShape[3];
  const padBottom = (outHeight - 1) * strideHeight + (filterHeight - 1) * dilationHeight + 1 - padInfo.top - inHeight;
  const padRight = (outWidth - 1) * strideWidth + (filterWidth - 1) * dilationWidth + 1 - padInfo.left - inWidth;
  return withWasmScope(args.backend, (scope) => {
    const xFolded = scope.reshape(scope.transpose(x, [1, 2, 0, 3]), [1, inHeight, inWidth, batch * channels]);
    const xCropped = scope.crop(xFolded, [1, inHeight + Math.min(0, padBottom), inWidth + Math.min(0, padRight), batch * channels]);
    const dyFolded = scope.reshape(scope.transpose(dy, [1, 2, 0, 3]), [outHeight, outWidth, batch * channels, multiplier]);
    const perSample = scope.run(tf.DepthwiseConv2dNative, { x: xCropped, filter: dyFolded }, {
      strides: [dilationHeight, dilationWidth],
      dilations: [strideHeight, strideWidth],
      pad: [[0, 0], [padInfo.top, Math.max(0, padBottom)], [padInfo.left, Math.max(0, padRight)], [0, 0]],
    });
    const split = scope.reshape(perSample, [filterHeight, filterWidth, batch, channels * multiplier]);
    const summed = scope.run(tf.Sum, { x: split }, { axis: [2], keepDims: false });
    return scope.reshape(summed, [filterHeight, filterWidth, channels, multiplier]);
  });
}

/** Registration record for `DepthwiseConv2dNativeBackpropFilter` on wasm. */
export const depthwiseConv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropFilterWasm as unknown as tf.KernelFunc,
};
