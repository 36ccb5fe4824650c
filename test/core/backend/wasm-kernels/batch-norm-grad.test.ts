import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { useWasm, values, relativeDifference } from './compare-with-cpu';

await useWasm();

const grad = suite('fusedBatchNormGradConfig');

/**
 * A batch-norm layer in training, as tfjs-layers runs it: batch moments over all but the last
 * axis, then tf.batchNorm. The loss weights each output differently so no derivative vanishes.
 */
function loss(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, weights: tf.Tensor, statisticsRank: number): tf.Scalar {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes, statisticsRank > 1);
  const shaped = (t: tf.Tensor) => (statisticsRank > 1 ? t.reshape(mean.shape) : t);
  return tf.sum(tf.mul(weights, tf.batchNorm(x, mean, variance, shaped(beta), shaped(gamma), 1e-3)));
}

function gradients(backend: string, shape: number[], statisticsRank: number): Float32Array[] {
  tf.setBackend(backend);
  const channels = shape[shape.length - 1];
  const size = tf.util.sizeFromShape(shape);
  return tf.tidy(() => {
    const x = tf.tensor(values(size, 1).map((v, i) => v * (1 + (i % channels))), shape);
    const gamma = tf.tensor1d(values(channels, 2).map((v) => 1 + v / 2));
    const beta = tf.tensor1d(values(channels, 3));
    const weights = tf.tensor(values(size, 4), shape);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => loss(a, b, c, weights, statisticsRank))([x, gamma, beta]);
    return g.map((t) => Float32Array.from(t.dataSync()));
  });
}

/** Central differences of the loss on the cpu backend, in float32 (hence the step and tolerance). */
function finiteDifferences(shape: number[]): Float32Array[] {
  tf.setBackend('cpu');
  const channels = shape[shape.length - 1];
  const size = tf.util.sizeFromShape(shape);
  const inputs = [values(size, 1).map((v, i) => v * (1 + (i % channels))), values(channels, 2).map((v) => 1 + v / 2), values(channels, 3)];
  const weights = values(size, 4);
  const evaluate = (x: Float32Array, g: Float32Array, b: Float32Array) =>
    tf.tidy(() => loss(tf.tensor(x, shape), tf.tensor1d(g), tf.tensor1d(b), tf.tensor(weights, shape), 1).dataSync()[0]);
  const h = 1e-2;
  return inputs.map((input, which) => {
    const out = new Float32Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const plus = inputs.map((t) => Float32Array.from(t));
      const minus = inputs.map((t) => Float32Array.from(t));
      plus[which][i] += h;
      minus[which][i] -= h;
      out[i] = (evaluate(plus[0], plus[1], plus[2]) - evaluate(minus[0], minus[1], minus[2])) / (2 * h);
    }
    return out;
  });
}

grad('matches central differences of a training batch-norm layer, for x, γ and β', () => {
  const shape = [3, 2, 2, 5];
  const analytic = gradients('cpu', shape, 1);
  const numeric = finiteDifferences(shape);
  ['x', 'γ', 'β'].forEach((name, k) => {
    const error = relativeDifference(analytic[k], numeric[k]);
    assert.ok(error <= 2e-2, `d loss / d ${name}: relative difference ${error}`);
  });
});

grad('gives the same gradients on wasm (deeper\'s kernels) as on cpu, statistics [C] or [1, 1, 1, C], channels a multiple of 4 or not', () => {
  for (const shape of [[4, 3, 3, 8], [2, 5, 5, 3], [6, 7]]) {
    for (const statisticsRank of shape.length === 4 ? [1, 4] : [1]) {
      const onCpu = gradients('cpu', shape, statisticsRank);
      const onWasm = gradients('wasm', shape, statisticsRank);
      tf.setBackend('wasm');
      onCpu.forEach((c, k) => {
        const error = relativeDifference(onWasm[k], c);
        assert.ok(error <= 1e-4, `${shape}, statistics rank ${statisticsRank}, input ${k}: ${error}`);
      });
    }
  }
});

grad('runs no Tile and leaks no tensors', async () => {
  tf.setBackend('wasm');
  const x = tf.tensor(values(4 * 3 * 3 * 8, 1), [4, 3, 3, 8]);
  const gamma = tf.ones([8]);
  const beta = tf.zeros([8]);
  const weights = tf.tensor(values(4 * 3 * 3 * 8, 4), [4, 3, 3, 8]);
  const step = () => tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => loss(a, b, c, weights, 1))([x, gamma, beta]));
  step();
  const before = tf.memory().numTensors;
  const profile = await tf.profile(step);
  assert.is(tf.memory().numTensors, before);
  assert.not.ok(profile.kernelNames.includes('Tile'), `kernels: ${profile.kernelNames.join(', ')}`);
  tf.dispose([x, gamma, beta, weights]);
});

grad.run();
