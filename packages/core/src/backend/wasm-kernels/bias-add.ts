/**
 * `Add` on wasm (replaces the stock one) for its most common broadcast in a network: a
 * bias over the last axis, x [..., C] + b [C], which every conv and dense layer of
 * tfjs-layers adds after its product. The stock kernel's broadcasting path took 7 ms for a
 * [100, 28, 28, 16] activation here; the native `bias_add_f32` (./native/kernels.c), one
 * SIMD pass, takes about 1. Every other Add goes to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset } from './native-kernels';
import { activeAddon } from '../addon-kernels/addon-call';
import { channelAffinePass } from './memory-passes';
import { runTiled } from './native-threads';
import { runStockKernel, type WasmKernelArgs } from './wasm-kernel-scope';

/** Which input is the [C] bias of the other's last axis, if either is. */
function biasOperands(a: tf.TensorInfo, b: tf.TensorInfo): { x: tf.TensorInfo; bias: tf.TensorInfo } | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const isBiasOf = (bias: tf.TensorInfo, x: tf.TensorInfo) =>
    bias.shape.length === 1 && x.shape.length >= 2 && x.shape[x.shape.length - 1] === bias.shape[0];
  if (isBiasOf(b, a)) return { x: a, bias: b };
  if (isBiasOf(a, b)) return { x: b, bias: a };
  return undefined;
}

/** The kernel function registered for `Add` on wasm. */
export function addWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const operands = biasOperands(args.inputs.a as tf.TensorInfo, args.inputs.b as tf.TensorInfo);
  if (!operands) return runStockKernel(tf.Add, args);
  const { x, bias } = operands;
  const { backend } = args;
  const out = backend.makeOutput(x.shape, 'float32');
  const channels = bias.shape[0];
  const rows = channels === 0 ? 0 : tf.util.sizeFromShape(x.shape) / channels;
  // On the addon's threads where it is on (the per-channel affine map, shift only), else
  // bias_add_f32 with rows as the tiles, shared across the backend's threads.
  if (activeAddon('ChannelAffine')) channelAffinePass(backend, heapOffset(backend, x), 0, heapOffset(backend, bias), heapOffset(backend, out), rows, channels, 2);
  else if (rows > 0) runTiled(backend, 'bias_add_f32', [heapOffset(backend, x), heapOffset(backend, bias), heapOffset(backend, out), channels], rows, rows * channels);
  return out;
}

/** Registration record for `Add` on wasm (replaces the stock one). */
export const addConfig: tf.KernelConfig = {
  kernelName: tf.Add,
  backendName: 'wasm',
  kernelFunc: addWasm as unknown as tf.KernelFunc,
};
