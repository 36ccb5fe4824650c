/**
 * What the composed input gradients (`Conv2DBackpropInput`, the depthwise one) share: the
 * input gradient of a convolution with stride s is a stride-1 convolution of dy
 * zero-upsampled by s, with the rotated filter. This builds that convolution's input and
 * padding.
 */
import type * as tf from '@tensorflow/tfjs';
import type { WasmKernelScope } from './wasm-kernel-scope';

/**
 * dy upsampled by the forward strides and cropped to the rows and columns the forward pass
 * read, with the explicit padding of the stride-1 convolution: `padTop`/`padLeft` in
 * front (the filter's extent − 1 − the forward pad), and behind whatever makes the output
 * the forward input's size. The upsampled dy is outHeight·strideHeight tall (its last
 * s − 1 rows are zeros); a negative bottom pad means the forward pass never read the
 * input's last rows, so those are cropped instead.
 */
export function inputGradientOperand(scope: WasmKernelScope, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo,
  padTop: number, padLeft: number): { x: tf.TensorInfo; pad: [[0, 0], [number, number], [number, number], [0, 0]] } {
  const { strideHeight, strideWidth, outHeight, outWidth, padInfo, inHeight, inWidth } = info;
  const padBottom = inHeight + padInfo.top - outHeight * strideHeight;
  const padRight = inWidth + padInfo.left - outWidth * strideWidth;
  const up = scope.upsample(dy, strideHeight, strideWidth);
  const x = scope.crop(up, [up.shape[0], up.shape[1] + Math.min(0, padBottom), up.shape[2] + Math.min(0, padRight), up.shape[3]]);
  return { x, pad: [[0, 0], [padTop, Math.max(0, padBottom)], [padLeft, Math.max(0, padRight)], [0, 0]] };
}
