/**
 * `Transpose` on wasm (replaces the stock one). The stock kernel walks the output one
 * element at a time; a convolution's weight gradient needs two transposes of an
 * activation-sized tensor and one of its output gradient, which made them a third of that
 * kernel's time. Here a permutation is reduced to the axes that really move (size-1 axes
 * dropped, axes that stay neighbours merged); when what is left swaps two neighbouring
 * groups of axes — [1, 0], [0, 2, 1], [1, 0, 2], [0, 2, 1, 3], the transposes training
 * makes — one call of the native `swap_axes_x32` (./native/kernels.c) moves the data:
 * 4×4 SIMD tiles when single values move, whole rows otherwise. Other permutations and
 * 1-byte dtypes go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset, nativeKernels } from './native-kernels';
import { runStockKernel, type WasmKernelArgs } from './wasm-kernel-scope';

/** dst[a][c][b][d] = src[a][b][c][d]: the one shape of transpose the native kernel does. */
export interface AxisSwap { a: number; b: number; c: number; d: number }

/**
 * The `AxisSwap` that performs `perm` on `shape`, or undefined when the permutation, once
 * reduced, is not a swap of two neighbouring groups of axes.
 */
export function axisSwapOf(shape: readonly number[], perm: readonly number[]): AxisSwap | undefined {
  // Axes of size 1 never move data: drop them and renumber the rest in order.
  const kept = perm.filter((axis) => shape[axis] !== 1);
  const rank = [...kept].sort((p, q) => p - q);
  const reduced = kept.map((axis) => rank.indexOf(axis));
  const sizes = rank.map((axis) => shape[axis]);
  // Merge axes that are neighbours both in the input and in the output.
  const groups: number[][] = [];
  for (const axis of reduced) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] + 1 === axis) last.push(axis);
    else groups.push([axis]);
  }
  const order = [...groups].sort((p, q) => p[0] - q[0]);
  const size = (group: number[]) => group.reduce((n, axis) => n * sizes[axis], 1);
  const q = groups.map((group) => order.indexOf(group));
  const g = order.map(size);
  const key = q.join(',');
  if (q.length <= 1) return { a: 1, b: 1, c: 1, d: g[0] ?? 1 };
  if (key === '1,0') return { a: 1, b: g[0], c: g[1], d: 1 };
  if (key === '0,2,1') return { a: g[0], b: g[1], c: g[2], d: 1 };
  if (key === '1,0,2') return { a: 1, b: g[0], c: g[1], d: g[2] };
  if (key === '0,2,1,3') return { a: g[0], b: g[1], c: g[2], d: g[3] };
  return undefined;
}

/** The kernel function registered for `Transpose` on wasm. */
export function transposeWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  const { perm } = args.attrs as unknown as tf.TransposeAttrs;
  const swap = x.dtype === 'float32' || x.dtype === 'int32' ? axisSwapOf(x.shape, perm) : undefined;
  if (!swap) return runStockKernel(tf.Transpose, args);
  const out = args.backend.makeOutput(perm.map((axis) => x.shape[axis]), x.dtype);
  if (swap.a * swap.b * swap.c * swap.d > 0) {
    nativeKernels(args.backend).swap_axes_x32(heapOffset(args.backend, x), heapOffset(args.backend, out), swap.a, swap.b, swap.c, swap.d);
  }
  return out;
}

/** Registration record for `Transpose` on wasm (replaces the stock one). */
export const transposeConfig: tf.KernelConfig = {
  kernelName: tf.Transpose,
  backendName: 'wasm',
  kernelFunc: transposeWasm as unknown as tf.KernelFunc,
};
