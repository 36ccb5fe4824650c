/**
 * `Conv2DBackpropFilter` on wasm, which tfjs-backend-wasm 4.22 lacks (every conv layer's
 * weight gradient needs it).
 *
 * dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh − padTop, ow·s + kw − padLeft, ci] · dy[b, oh, ow, co]
 *
 * is itself a convolution: read x as [Ci, H, W, B] (its channels swapped with its batch) and
 * dy as a filter [OH, OW, B, Co]; convolving them with dilation = the forward stride gives
 * [Ci, KH, KW, Co]. So the whole gradient is two transposes and one XNNPACK convolution, a
 * single GEMM of depth B·OH·OW, instead of the cpu backend's six nested loops.
 *
 * With one input channel that convolution is too thin for XNNPACK: for a batch of 100
 * 28×28 images and 16 3×3 filters it took 21.9 ms (one thread; 20.7 on two), against
 * 14.9 (15.8) for an im2col (./im2col) and one untransposed GEMM, on 2 shared vCPUs with a
 * fresh dy each call as in training (XNNPACK repacks its weight operand, dy, every time).
 */
import * as tf from '@tensorflow/tfjs';
import { im2colTransposed } from './im2col';
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
 * dW of a one-input-channel convolution as one GEMM: dW [KH·KW, Co] = colsᵀ [KH·KW,
 * B·OH·OW] · dy [B·OH·OW, Co], both operands untransposed (wasm's fast GEMM), and the
 * product is already dW's layout [KH, KW, 1, Co].
 */
export function conv2dBackpropFilterIm2col(
  scope: WasmKernelScope, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { filterHeight, filterWidth, outChannels } = info;
  const cols = im2colTransposed(scope, x, info);
  const [taps, rows] = cols.shape;
  const dW = scope.run(tf.BatchMatMul,
    { a: scope.reshape(cols, [1, taps, rows]), b: scope.reshape(dy, [1, rows, outChannels]) },
    { transposeA: false, transposeB: false });
  return scope.reshape(dW, [filterHeight, filterWidth, 1, outChannels]);
}

/**
 * Where the im2col GEMM beats the composed XNNPACK convolution: one input channel, where
 * XNNPACK's convolution ran under 1 GFLOP/s. With 16–64 channels the im2col path lost
 * 1.3–4× in the training step here (its GEMMs are as thin-and-deep as the convolution's,
 * ≈11–14 GFLOP/s, and the patches are KH·KW times the input).
 */
function useIm2col(info: tf.backend_util.Conv2DInfo): boolean {
  return info.inChannels === 1;
}

/** The kernel function registered for `Conv2DBackpropFilter` on wasm. */
export function conv2dBackpropFilterWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  const dy = args.inputs.dy as tf.TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW' || x.dtype !== 'float32') return runOnCpu(tf.Conv2DBackpropFilter, args);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { strideHeight, strideWidth, filterHeight, filterWidth, outHeight, outWidth, padInfo } = info;
  const [, inHeight, inWidth] = x.shape;
  // Rows the forward pass read past the input's end (bottom padding), or rows it never read
  // (a stride that does not divide evenly): the latter are cropped, as pads must be ≥ 0.
  const padBottom = (outHeight - 1) * strideHeight + filterHeight - padInfo.top - inHeight;
  const padRight = (outWidth - 1) * strideWidth + filterWidth - padInfo.left - inWidth;
  if (useIm2col(info)) return withWasmScope(args.backend, (scope) => conv2dBackpropFilterIm2col(scope, x, dy, info));
  return withWasmScope(args.backend, (scope) => {
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
