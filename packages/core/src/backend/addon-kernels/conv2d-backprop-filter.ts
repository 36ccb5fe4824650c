/**
 * `Conv2DBackpropFilter` on wasm by the addon: dW = im2col(x)ᵀ · dy as a packed GEMM, the
 * output positions shared among the addon's threads, each summing into its own partial dW,
 * the partials added at the end. NCHW, non-float32 and empty tensors and fewer than
 * `minAddonWeightGradInChannels` input channels run the wasm kernel it replaced.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from '../wasm-kernels/wasm-kernel-scope';
import { heapView, offsetOf } from './addon-heap';
import { activeAddon, callAddon } from './addon-call';
import { convGeometry, convIsEmpty, minAddonWeightGradInChannels, sameShape } from './conv-geometry';
import { runReplaced } from './fallback';

/** The kernel function registered for `Conv2DBackpropFilter` on wasm. */
export function conv2dBackpropFilterAddon(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const addon = activeAddon(tf.Conv2DBackpropFilter);
  const x = args.inputs.x as tf.TensorInfo;
  const dy = args.inputs.dy as tf.TensorInfo;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (!addon || attrs.dataFormat === 'NCHW' || x.dtype !== 'float32' || dy.dtype !== 'float32' || x.shape.length !== 4 ||
      attrs.filterShape.length !== 4) {
    return runReplaced(tf.Conv2DBackpropFilter, args);
  }
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape,
    attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  if (convIsEmpty(info) || !sameShape(dy.shape, info.outShape) || info.inChannels < minAddonWeightGradInChannels) return runReplaced(tf.Conv2DBackpropFilter, args);
  const { backend } = args;
  const dw = backend.makeOutput(attrs.filterShape, 'float32');
  try {
    callAddon(() => addon.conv2dBackpropFilter(heapView(backend), offsetOf(backend, x), offsetOf(backend, dy), offsetOf(backend, dw),
      ...convGeometry(info)));
  } catch (error) {
    backend.disposeData(dw.dataId);
    throw error;
  }
  return dw;
}
