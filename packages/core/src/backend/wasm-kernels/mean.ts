/**
 * `Mean` on wasm over leading axes, as one XNNPACK average pooling (replaces the stock
 * kernel, which transposes the reduced axes innermost first: a full strided copy). Batch
 * norm's moments take the mean of [B, H, W, C] over B, H, W twice a layer per step; the
 * stock kernel took 2.3 ms for a [100, 28, 28, 16] activation here. This is `Sum`'s
 * pooling (sum.ts) without its final multiply by the window size. Other reductions go to
 * the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { averageOverLeadingAxes } from './sum';
import { runStockKernel, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `Mean` on wasm. */
export function meanWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { axis, keepDims } = args.attrs as unknown as tf.MeanAttrs;
  return averageOverLeadingAxes(args.backend, args.inputs.x as tf.TensorInfo, axis, keepDims ?? false, false) ?? runStockKernel(tf.Mean, args);
}

/** Registration record for `Mean` on wasm (replaces the stock one). */
export const meanConfig: tf.KernelConfig = {
  kernelName: tf.Mean,
  backendName: 'wasm',
  kernelFunc: meanWasm as unknown as tf.KernelFunc,
};
