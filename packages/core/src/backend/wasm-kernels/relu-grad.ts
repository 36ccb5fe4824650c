/**
 * ReLU's gradient in one pass on wasm. tfjs computes it as dy · cast(step(x)): three
 * kernels and two activation-sized temporaries per ReLU layer per step (≈9 ms for a
 * [100, 28, 28, 16] activation on wasm here). `ReluGrad` is a kernel of deeper's own —
 * dx = dy where x > 0, else 0 (NaN where x is NaN, as step gives) — registered on wasm
 * with the native `relu_grad_f32` (./native/kernels.c); `reluGradConfig` replaces tfjs's
 * gradient of `Relu` so that it runs `ReluGrad` where the active backend has it and the
 * stock formula everywhere else. `ReluGrad` has a gradient of its own, so second-order
 * gradients still work.
 *
 * One difference from the stock formula: where x ≤ 0 and dy is ±Infinity or NaN, the
 * stock product gives NaN (∞ · 0) and this gives 0, the limit ReLU's gradient has there.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset } from './native-kernels';
import { reluGradPass } from './memory-passes';
import type { WasmKernelArgs } from './wasm-kernel-scope';

/** The kernel's name in tfjs's registry. */
export const ReluGrad = 'DeeperReluGrad';

/** dx of ReLU for dy and the layer's input x: `ReluGrad` where registered, else the stock formula. */
export function reluGrad(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (dy.dtype === 'float32' && x.dtype === 'float32' && tf.util.arraysEqual(dy.shape, x.shape) && tf.getKernel(ReluGrad, tf.getBackend())) {
    return tf.engine().runKernel(ReluGrad, { dy, x }) as tf.Tensor;
  }
  return tf.mul(dy, tf.cast(tf.step(x), 'float32'));
}

/** The kernel function registered for `ReluGrad` on wasm. */
export function reluGradWasm(args: WasmKernelArgs): tf.TensorInfo {
  const dy = args.inputs.dy as tf.TensorInfo;
  const x = args.inputs.x as tf.TensorInfo;
  const { backend } = args;
  const dx = backend.makeOutput(x.shape, 'float32');
  const size = tf.util.sizeFromShape(x.shape);
  reluGradPass(backend, heapOffset(backend, dy), heapOffset(backend, x), heapOffset(backend, dx), size);
  return dx;
}

/** Registration record for `ReluGrad` on wasm. */
export const reluGradKernelConfig: tf.KernelConfig = {
  kernelName: ReluGrad,
  backendName: 'wasm',
  kernelFunc: reluGradWasm as unknown as tf.KernelFunc,
};

/** The gradient of `Relu` (replaces tfjs's). */
export const reluGradConfig: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => reluGrad(dy as tf.Tensor, x) };
  },
};

/** The gradient of `ReluGrad`: linear in dy with the same mask, constant in x. */
export const reluGradGradConfig: tf.GradConfig = {
  kernelName: ReluGrad,
  inputsToSave: ['x'],
  gradFunc: (ddx, saved) => {
    const [x] = saved;
    return { dy: () => reluGrad(ddx as tf.Tensor, x), x: () => tf.zerosLike(x) };
  },
};
