/**
 * `Conv2DBackpropInput` on wasm by the addon: a convolution's input gradient, which is
 * also the forward pass of a transposed convolution (`tf.conv2dTranspose`, the DCGAN
 * generator's layers). dcol = dy · Wᵀ as a packed GEMM, then col2im adds each row back
 * into dx; images are shared among the addon's threads. NCHW, non-float32 and empty
 * tensors run the wasm kernel it replaced.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from '../wasm-kernels/wasm-kernel-scope';
import { heapView, offsetOf } from './addon-heap';
import { activeAddon, callAddon } from './addon-call';
import { convGeometry, convIsEmpty, sameShape } from './conv-geometry';
import { runReplaced } from './fallback';

/** The kernel function registered for `Conv2DBackpropInput` on wasm. */
export function conv2dBackpropInputAddon(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const addon = activeAddon(tf.Conv2DBackpropInput);
  const dy = args.inputs.dy as tf.TensorInfo;
  const filter = args.inputs.filter as tf.TensorInfo;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (!addon || attrs.dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32' || filter.shape.length !== 4 ||
      attrs.inputShape.length !== 4) {
    return runReplaced(tf.Conv2DBackpropInput, args);
  }
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number],
    attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  if (convIsEmpty(info) || !sameShape(dy.shape, info.outShape) || info.inChannels !== filter.shape[2]) return runReplaced(tf.Conv2DBackpropInput, args);
  const { backend } = args;
  const dx = backend.makeOutput(attrs.inputShape, 'float32');
  try {
    callAddon(() => addon.conv2dBackpropInput(heapView(backend), offsetOf(backend, dy), offsetOf(backend, filter), offsetOf(backend, dx),
      ...convGeometry(info)));
  } catch (error) {
    backend.disposeData(dx.dataId);
    throw error;
  }
  return dx;
}
