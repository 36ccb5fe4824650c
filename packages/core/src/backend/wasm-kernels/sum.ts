/**
 * `Sum` on wasm over leading axes, as one XNNPACK average pooling. A bias gradient sums dy
 * [B, H, W, C] over B, H, W; the stock kernel first transposes the reduced axes innermost
 * (a full strided copy of dy) and then reduces. Viewed as an image [1, B·H·W, 1, C], the
 * sum over leading axes is a single pooling window covering the whole image: XNNPACK's
 * average pooling streams through it once, accumulating per channel, and the mean times
 * the window size is the sum.
 *
 * (An earlier version used ones · x as a GEMM. It looked fast in a microbenchmark that
 * summed the same tensor repeatedly, but the stock matmul caches its packed right operand
 * by tensor id, so in training, where every dy is new, each call repacked all of dy:
 * 4.6 ms against 0.35 ms for the pooling on a [100, 16, 16, 32] dy here.)
 * Other reductions go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runStockKernel, withWasmScope, type WasmKernelArgs } from './wasm-kernel-scope';

/**
 * The mean (or, with `timesCount`, the sum) of x over its leading axes `axis` as one
 * XNNPACK average pooling; undefined where that does not apply (other axes, other dtypes,
 * a window under 2), for the caller's stock kernel.
 */
export function averageOverLeadingAxes(
  backend: BackendWasm, x: tf.TensorInfo, axis: number | number[], keepDims: boolean, timesCount: boolean,
): tf.TensorInfo | undefined {
  const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const rest = x.shape.slice(axes.length);
  const columns = tf.util.sizeFromShape(rest);
  // XNNPACK pools need a window of at least 2.
  if (x.dtype !== 'float32' || !leading || rows < 2 || columns === 0) return undefined;
  const outShape = keepDims ? [...axes.map(() => 1), ...rest] : rest;
  return withWasmScope(backend, (scope) => {
    const mean = scope.run(tf.AvgPool, { x: scope.reshape(x, [1, rows, 1, columns]) }, {
      filterSize: [rows, 1], strides: [1, 1], pad: 'valid' });
    if (!timesCount) return scope.reshape(mean, outShape);
    const count = scope.run(tf.Fill, {}, { shape: [], value: rows, dtype: 'float32' });
    return scope.reshape(scope.run(tf.Multiply, { a: mean, b: count }), outShape);
  });
}

/** The kernel function registered for `Sum` on wasm. */
export function sumWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  return averageOverLeadingAxes(args.backend, args.inputs.x as tf.TensorInfo, axis, keepDims, true) ?? runStockKernel(tf.Sum, args);
}

/** Registration record for `Sum` on wasm (replaces the stock one). */
export const sumConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: sumWasm as unknown as tf.KernelFunc,
};
