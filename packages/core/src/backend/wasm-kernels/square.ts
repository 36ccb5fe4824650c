/**
 * `Square` on wasm (replaces the stock one): below 2¹⁸ values, the stock `Multiply` of x
 * by itself. With two threads the stock Square took a median 2.4 ms on a 3×3×16×16 filter
 * gradient (Adam squares every gradient, every step), the product 0.02 ms; on a
 * [100, 28, 28, 16] activation the stock kernel was twice as fast as the product (0.4 ms
 * against 0.8), so large tensors keep it. Same values: x·x is what square computes.
 */
import * as tf from '@tensorflow/tfjs';
import { runStockKernel, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `Square` on wasm. */
export function squareWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  if (tf.util.sizeFromShape(x.shape) >= 2 ** 18) return runStockKernel(tf.Square, args);
  return runStockKernel(tf.Multiply, { inputs: { a: x, b: x }, backend: args.backend, attrs: {} });
}

/** Registration record for `Square` on wasm (replaces the stock one). */
export const squareConfig: tf.KernelConfig = {
  kernelName: tf.Square,
  backendName: 'wasm',
  kernelFunc: squareWasm as unknown as tf.KernelFunc,
};
