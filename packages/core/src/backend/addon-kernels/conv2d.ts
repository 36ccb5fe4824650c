/**
 * `Conv2D` and `FusedConv2D` (what a tfjs-layers conv2d with a bias calls) on wasm, by the
 * addon: the indirect GEMM (a pointer per output position and filter tap, any channel
 * counts) on the addon's threads, the bias and activation applied while the rows are in
 * cache. Cases the addon does not take (NCHW, non-float32, empty tensors, PReLU, ELU or
 * sigmoid, a bias that is not one value per output channel) run the wasm kernel it
 * replaced.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from '../wasm-kernels/wasm-kernel-scope';
import { heapView, offsetOf } from './addon-heap';
import { activationCode, activeAddon, callAddon } from './addon-call';
import { convGeometry, convIsEmpty } from './conv-geometry';
import { runReplaced } from './fallback';

function conv2dWith(kernelName: string, args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const addon = activeAddon(kernelName);
  const x = args.inputs.x as tf.TensorInfo;
  const filter = args.inputs.filter as tf.TensorInfo;
  const bias = args.inputs.bias;
  const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
  const activation = activationCode(attrs.activation);
  if (!addon || attrs.dataFormat === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4 ||
      filter.shape.length !== 4 || activation === undefined || args.inputs.preluActivationWeights) {
    return runReplaced(kernelName, args);
  }
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  if (convIsEmpty(info) || info.inChannels !== filter.shape[2] ||
      (bias && (bias.dtype !== 'float32' || tf.util.sizeFromShape(bias.shape) !== info.outChannels))) {
    return runReplaced(kernelName, args);
  }
  const { backend } = args;
  const y = backend.makeOutput(info.outShape, 'float32');
  try {
    callAddon(() => addon.conv2d(heapView(backend), offsetOf(backend, x), offsetOf(backend, filter), bias ? offsetOf(backend, bias) : -1,
      offsetOf(backend, y), ...convGeometry(info), activation, attrs.leakyreluAlpha ?? 0.2));
  } catch (error) {
    backend.disposeData(y.dataId);
    throw error;
  }
  return y;
}

/** The kernel function registered for `Conv2D` on wasm. */
export function conv2dAddon(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  return conv2dWith(tf.Conv2D, args);
}

/** The kernel function registered for `FusedConv2D` on wasm. */
export function fusedConv2dAddon(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  return conv2dWith(tf.FusedConv2D, args);
}
