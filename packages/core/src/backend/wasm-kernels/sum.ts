/**
 * `Sum` on wasm over leading axes, as one GEMM. A bias gradient sums dy [B, H, W, C] over
 * B, H, W; the stock kernel first transposes the reduced axes innermost (a full copy of
 * dy) and then reduces. Summing over leading axes is a row vector of ones times dy viewed
 * as [B·H·W, C], which XNNPACK's GEMM does in one pass without the copy. Other reductions
 * go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { saveStockWasmKernel, withWasmScope, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `Sum` on wasm. */
export function sumWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const stock = saveStockWasmKernel(tf.Sum);
  if (!stock) throw new Error('deeper expects the wasm backend to have a Sum kernel, but it has none');
  const x = args.inputs.x as tf.TensorInfo;
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading) return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const rest = x.shape.slice(axes.length);
  const outShape = keepDims ? [...axes.map(() => 1), ...rest] : rest;
  return withWasmScope(args.backend, (scope) => {
    const ones = scope.run(tf.Fill, {}, { shape: [1, 1, rows], value: 1, dtype: 'float32' });
    const summed = scope.run(tf.BatchMatMul, { a: ones, b: scope.reshape(x, [1, rows, tf.util.sizeFromShape(rest)]) }, {
      transposeA: false, transposeB: false });
    return scope.reshape(summed, outShape);
  });
}

/** Registration record for `Sum` on wasm (replaces the stock one). */
export const sumConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: sumWasm as unknown as tf.KernelFunc,
};
