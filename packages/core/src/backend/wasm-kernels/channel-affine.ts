/**
 * Per-channel affine maps on wasm: x [..., C] · s [C] + t [C] as one native SIMD pass
 * (`channel_affine_f32`, ./native/kernels.c), run on the wasm heap in place and shared
 * across the backend's threads (or the native addon's, memory-passes.ts). Four kernels
 * (each replaces the stock one) route their per-channel case here and every other case to
 * the stock kernel:
 *
 * - `Add` of a per-channel vector: the bias over the last axis that every conv and dense
 *   layer of tfjs-layers adds after its product (the stock broadcasting path took 7 ms for
 *   a [100, 28, 28, 16] activation here, one native pass about 1);
 * - `Multiply` of an activation by a per-channel vector ([C] or [1, …, 1, C]);
 * - `Sub` of a per-channel vector from an activation;
 * - `FusedBatchNorm`: y = (x − μ) · γ/√(σ² + ε) + β, as x · s + t with the per-channel
 *   s = γ/√(σ² + ε) and t = β − μ · s computed first on C values.
 *
 * Batch norm is where these shapes come from: its normalisation, the moments' centring and
 * the gradients of both. The stock kernels take a generic broadcasting path for them; in a
 * ResNet-20 training step (batch 100, 28×28) that path took 3.4 ms per [100, 28, 28, 16]
 * Multiply and 4.7 ms per FusedBatchNorm, against 0.4 ms for a same-shape Add
 * (`runs/prof-kernels.ts`-style per-kernel profile, `experiments/classify-profile-step.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset } from './native-kernels';
import { channelAffinePass } from './memory-passes';
import { runStockKernel, withWasmScope, type WasmKernelArgs } from './wasm-kernel-scope';

/** Whether v is a per-channel vector of x: [C] or [1, …, 1, C] with C x's last axis, and x the larger. */
function isChannelVectorOf(v: tf.TensorInfo, x: tf.TensorInfo): boolean {
  const rank = x.shape.length;
  if (v.dtype !== 'float32' || x.dtype !== 'float32' || rank < 2 || v.shape.length > rank || v.shape.length === 0) return false;
  const channels = x.shape[rank - 1];
  if (v.shape[v.shape.length - 1] !== channels || !v.shape.slice(0, -1).every((n) => n === 1)) return false;
  return tf.util.sizeFromShape(x.shape) > channels;
}

/** out = x · scale + shift per channel; a missing scale means 1, a missing shift 0. */
function channelAffine(backend: BackendWasm, x: tf.TensorInfo, scale: tf.TensorInfo | undefined, shift: tf.TensorInfo | undefined): tf.TensorInfo {
  const out = backend.makeOutput(x.shape, 'float32');
  const channels = x.shape[x.shape.length - 1];
  const rows = channels === 0 ? 0 : tf.util.sizeFromShape(x.shape) / channels;
  const terms = (scale ? 1 : 0) | (shift ? 2 : 0);
  const x0 = heapOffset(backend, x);
  const scale0 = scale ? heapOffset(backend, scale) : 0;
  const shift0 = shift ? heapOffset(backend, shift) : 0;
  channelAffinePass(backend, x0, scale0, shift0, heapOffset(backend, out), rows, channels, terms);
  return out;
}

/** The kernel function registered for `Add` on wasm: x + v. */
export function addWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const a = args.inputs.a as tf.TensorInfo;
  const b = args.inputs.b as tf.TensorInfo;
  if (isChannelVectorOf(b, a)) return channelAffine(args.backend, a, undefined, b);
  if (isChannelVectorOf(a, b)) return channelAffine(args.backend, b, undefined, a);
  return runStockKernel(tf.Add, args);
}

/** The kernel function registered for `Multiply` on wasm. */
export function multiplyWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const a = args.inputs.a as tf.TensorInfo;
  const b = args.inputs.b as tf.TensorInfo;
  if (isChannelVectorOf(b, a)) return channelAffine(args.backend, a, b, undefined);
  if (isChannelVectorOf(a, b)) return channelAffine(args.backend, b, a, undefined);
  return runStockKernel(tf.Multiply, args);
}

/** The kernel function registered for `Sub` on wasm: x − v as x + (−v). */
export function subWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const a = args.inputs.a as tf.TensorInfo;
  const b = args.inputs.b as tf.TensorInfo;
  if (!isChannelVectorOf(b, a)) return runStockKernel(tf.Sub, args);
  return withWasmScope(args.backend, (scope) => channelAffine(args.backend, a, undefined, scope.run(tf.Neg, { x: b })));
}

/** The kernel function registered for `FusedBatchNorm` on wasm. */
export function fusedBatchNormWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { x, mean, variance, offset, scale } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const statistics = [mean, variance, offset, scale].filter((t): t is tf.TensorInfo => t !== undefined);
  if (!x || !mean || !variance || !statistics.every((t) => isChannelVectorOf(t, x))) return runStockKernel(tf.FusedBatchNorm, args);
  const { varianceEpsilon } = args.attrs as unknown as { varianceEpsilon: number };
  const channels = [x.shape[x.shape.length - 1]];
  return withWasmScope(args.backend, (scope) => {
    // s = γ / √(σ² + ε) and t = β − μ · s, on C values.
    const epsilon = scope.run(tf.Fill, {}, { shape: [], value: varianceEpsilon, dtype: 'float32' });
    const r = scope.run(tf.Rsqrt, { x: scope.run(tf.Add, { a: scope.reshape(variance, channels), b: epsilon }) });
    const s = scale ? scope.run(tf.Multiply, { a: r, b: scope.reshape(scale, channels) }) : r;
    const meanTimesS = scope.run(tf.Multiply, { a: scope.reshape(mean, channels), b: s });
    const t = offset ? scope.run(tf.Sub, { a: scope.reshape(offset, channels), b: meanTimesS }) : scope.run(tf.Neg, { x: meanTimesS });
    return channelAffine(args.backend, x, s, t);
  });
}

/** Registration record for `Add` on wasm (replaces the stock one). */
export const addConfig: tf.KernelConfig = {
  kernelName: tf.Add,
  backendName: 'wasm',
  kernelFunc: addWasm as unknown as tf.KernelFunc,
};

/** Registration record for `Multiply` on wasm (replaces the stock one). */
export const multiplyConfig: tf.KernelConfig = {
  kernelName: tf.Multiply,
  backendName: 'wasm',
  kernelFunc: multiplyWasm as unknown as tf.KernelFunc,
};

/** Registration record for `Sub` on wasm (replaces the stock one). */
export const subConfig: tf.KernelConfig = {
  kernelName: tf.Sub,
  backendName: 'wasm',
  kernelFunc: subWasm as unknown as tf.KernelFunc,
};

/** Registration record for `FusedBatchNorm` on wasm (replaces the stock one). */
export const fusedBatchNormConfig: tf.KernelConfig = {
  kernelName: tf.FusedBatchNorm,
  backendName: 'wasm',
  kernelFunc: fusedBatchNormWasm as unknown as tf.KernelFunc,
};
