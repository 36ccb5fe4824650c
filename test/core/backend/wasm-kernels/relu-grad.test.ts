import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ReluGrad, reluGradKernelConfig } from '../../../../packages/core/src/backend/wasm-kernels/relu-grad';
import { leaksOnWasm, useWasm, values } from './compare-with-cpu';

await useWasm();

const relu = suite('ReLU gradient on wasm');

relu('registers ReluGrad on wasm only', () => {
  assert.is(tf.getKernel(ReluGrad, 'wasm')?.kernelFunc, reluGradKernelConfig.kernelFunc);
  assert.is(tf.getKernel(ReluGrad, 'cpu'), undefined);
});

/** d/dx Σ relu(x)·w on `backend`. */
function gradOn(backend: string, x: Float32Array, w: Float32Array, shape: number[]): Float32Array {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const wt = tf.tensor(w, shape);
    const g = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(tf.relu(xx), wt)))(tf.tensor(x, shape));
    return Float32Array.from(g.dataSync());
  });
}

relu('equals the stock formula on the cpu backend, zeros and a ragged length included', () => {
  for (const shape of [[4, 5, 6, 8], [7], [3, 3]]) {
    const size = tf.util.sizeFromShape(shape);
    const x = values(size, 1).map((v, i) => (i % 5 === 0 ? 0 : v));
    const w = values(size, 2);
    assert.equal(gradOn('wasm', x, w, shape), gradOn('cpu', x, w, shape), `${shape}`);
  }
  tf.setBackend('wasm');
});

relu('passes NaN inputs through as NaN, like dy · step(x)', () => {
  const g = tf.grad((x: tf.Tensor) => tf.sum(tf.relu(x)))(tf.tensor1d([NaN, -1, 2, NaN, 0, 3]));
  const out = Array.from(g.dataSync());
  assert.ok(Number.isNaN(out[0]) && Number.isNaN(out[3]));
  assert.equal([out[1], out[2], out[4], out[5]], [0, 1, 0, 1]);
  g.dispose();
});

relu('second-order gradients match the cpu backend', () => {
  const second = (backend: string) => {
    tf.setBackend(backend);
    return tf.tidy(() => {
      const x = tf.tensor1d([-2, -0.5, 0.5, 2]);
      const dy = tf.tensor1d([1, 2, 3, 4]);
      // d/d(dy) of Σ (relu'(x) ⊙ dy) ⊙ v = relu'(x) ⊙ v
      const v = tf.tensor1d([5, 6, 7, 8]);
      const g = tf.grad((d: tf.Tensor) => tf.sum(tf.mul(tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(tf.relu(xx), d)))(x), v)))(dy);
      return Array.from(g.dataSync());
    });
  };
  assert.equal(second('wasm'), second('cpu'));
  assert.equal(second('wasm'), [0, 0, 7, 8]);
  tf.setBackend('wasm');
});

relu('leaks no tensors, wasm data or heap', () => {
  const x = tf.tensor(values(120, 3), [4, 30]);
  assert.is(leaksOnWasm(() => tf.tidy(() => { tf.grad((xx: tf.Tensor) => tf.sum(tf.relu(xx)))(x).dataSync(); })), undefined);
  x.dispose();
});

relu.run();
