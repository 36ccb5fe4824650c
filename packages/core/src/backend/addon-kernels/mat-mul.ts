/**
 * `BatchMatMul` and `_FusedMatMul` (dense layers) on wasm by the addon: either operand
 * transposed is only a choice of strides when the packed GEMM packs its panels, so the
 * backward passes (xᵀ·dy, dy·Wᵀ) need no transpose kernel. A batch dimension broadcasts
 * when one side has batch 1. Below about 131k multiply-adds a product runs on the calling
 * thread alone (waking threads costs more). Cases the addon does not take (non-float32,
 * batch shapes that broadcast both ways, PReLU/ELU/sigmoid, a bias that is not one value
 * per column, empty tensors) run the wasm kernel it replaced.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from '../wasm-kernels/wasm-kernel-scope';
import { heapView, offsetOf } from './addon-heap';
import { activationCode, activeAddon, callAddon } from './addon-call';
import { runReplaced } from './fallback';

function matMulWith(kernelName: string, args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const addon = activeAddon(kernelName);
  const a = args.inputs.a as tf.TensorInfo;
  const b = args.inputs.b as tf.TensorInfo;
  const bias = args.inputs.bias;
  const attrs = args.attrs as unknown as tf._FusedMatMulAttrs;
  const activation = activationCode(attrs.activation);
  if (!addon || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2 ||
      activation === undefined || args.inputs.preluActivationWeights) {
    return runReplaced(kernelName, args);
  }
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = attrs.transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = attrs.transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = attrs.transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = attrs.transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return runReplaced(kernelName, args);
  }
  const batch = tf.util.sizeFromShape(outer);
  if (k !== kb || m * n * k * batch === 0 || (batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1) ||
      (bias && (bias.dtype !== 'float32' || tf.util.sizeFromShape(bias.shape) !== n || bias.shape[bias.shape.length - 1] !== n))) {
    return runReplaced(kernelName, args);
  }
  const { backend } = args;
  const c = backend.makeOutput([...outer, m, n], 'float32');
  try {
    callAddon(() => addon.matMul(heapView(backend), offsetOf(backend, a), offsetOf(backend, b), bias ? offsetOf(backend, bias) : -1,
      offsetOf(backend, c), batchA, batchB, m, n, k, attrs.transposeA ? 1 : 0, attrs.transposeB ? 1 : 0, activation, attrs.leakyreluAlpha ?? 0.2));
  } catch (error) {
    backend.disposeData(c.dataId);
    throw error;
  }
  return c;
}

/** The kernel function registered for `BatchMatMul` on wasm. */
export function batchMatMulAddon(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  return matMulWith(tf.BatchMatMul, args);
}

/** The kernel function registered for `_FusedMatMul` on wasm. */
export function fusedMatMulAddon(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  return matMulWith(tf._FusedMatMul, args);
}
