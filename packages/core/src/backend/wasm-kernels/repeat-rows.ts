/**
 * `DeeperRepeatRows`: v repeated `rows` times, [rows, ...v.shape], as one native pass on
 * wasm (`channel_affine_f32` in its broadcast mode, ./native/kernels.c). It is the
 * gradient of a mean or sum over leading axes (reduction-grads.ts): tfjs computes that as
 * dy times a ones tensor of x's shape, and it fills that ones tensor element by element in
 * JavaScript (`makeOnesTypedArray`), then copies it into the wasm heap. In a ResNet-20
 * training step that fill alone took about 12 % of the CPU time (a V8 profile of
 * `experiments/classify-profile-step.ts`'s step, one thread).
 *
 * `repeatRows` runs the kernel where the active backend has it and `tf.tile` elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset } from './native-kernels';
import { channelAffinePass } from './memory-passes';
import type { WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel's name in tfjs's registry. */
export const RepeatRows = 'DeeperRepeatRows';

/** v repeated `rows` times along a new leading axis: [rows, ...v.shape]. */
export function repeatRows(v: tf.Tensor, rows: number): tf.Tensor {
  if (v.dtype === 'float32' && v.size > 0 && tf.getKernel(RepeatRows, tf.getBackend())) {
    return tf.engine().runKernel(RepeatRows, { x: v }, { rows }) as tf.Tensor;
  }
  return tf.tile(tf.expandDims(v, 0), [rows, ...v.shape.map(() => 1)]);
}

/** The kernel function registered for `DeeperRepeatRows` on wasm. */
export function repeatRowsWasm(args: WasmKernelArgs): tf.TensorInfo {
  const x = args.inputs.x as tf.TensorInfo;
  const { rows } = args.attrs as unknown as { rows: number };
  const { backend } = args;
  const out = backend.makeOutput([rows, ...x.shape], 'float32');
  const columns = tf.util.sizeFromShape(x.shape);
  // Terms 6: out[r] = x for every row r, the input read as the per-column shift (kernels.c).
  const v = heapOffset(backend, x);
  channelAffinePass(backend, v, v, v, heapOffset(backend, out), rows, columns, 6);
  return out;
}

/** Registration record for `DeeperRepeatRows` on wasm. */
export const repeatRowsKernelConfig: tf.KernelConfig = {
  kernelName: RepeatRows,
  backendName: 'wasm',
  kernelFunc: repeatRowsWasm as unknown as tf.KernelFunc,
};

/** The gradient of `DeeperRepeatRows`: the sum of dy over its rows. */
export const repeatRowsGradConfig: tf.GradConfig = {
  kernelName: RepeatRows,
  gradFunc: (dy) => ({ x: () => tf.sum(dy as tf.Tensor, 0) }),
};
