/**
 * `Cast` on wasm (replaces the stock one): a cast to the dtype a tensor already has shares
 * its buffer and counts a reference, as `Identity` does (identity.ts). tfjs casts float32
 * to float32 in several places on every training step — `moments` casts its input, and
 * the gradients of `Square` and `Identity` cast theirs — and the stock kernel copies the
 * data each time, in JavaScript (`typedArray.set`): 17 activation-sized copies per ResNet-20
 * step. A cast to bool gives x ≠ 0, as on the other backends (the stock kernel stores the
 * value itself, truncated to a byte: 2 stays 2 and −1 becomes 255). Other casts between
 * dtypes go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { identityWasm } from './identity';
import { runStockKernel, type WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel function registered for `Cast` on wasm. */
export function castWasm(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  const { dtype } = args.attrs as unknown as tf.CastAttrs;
  if (dtype === 'bool' && x.dtype !== 'bool' && x.dtype !== 'string' && x.dtype !== 'complex64') {
    const out = args.backend.makeOutput(x.shape, 'bool');
    const from = args.backend.typedArrayFromHeap(x);
    const to = args.backend.typedArrayFromHeap(out);
    for (let i = 0; i < from.length; i++) to[i] = from[i] !== 0 ? 1 : 0;
    return out;
  }
  if (x.dtype !== dtype || dtype === 'string' || dtype === 'complex64') return runStockKernel(tf.Cast, args);
  return identityWasm(args);
}

/** Registration record for `Cast` on wasm (replaces the stock one). */
export const castConfig: tf.KernelConfig = {
  kernelName: tf.Cast,
  backendName: 'wasm',
  kernelFunc: castWasm as unknown as tf.KernelFunc,
};
