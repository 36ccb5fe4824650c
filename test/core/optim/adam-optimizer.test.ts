import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AdamOptimizer } from '../../../packages/core/src/optim/adam-optimizer';
import { close, trajectory } from './quadratic';

await tf.setBackend('cpu');

/** Minimizes f(θ) = θ² (gradient 2θ) from θ₀ = 1 and returns θ after each step. */

const test = suite('AdamOptimizer');
const defaults = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };

test('two steps on θ² match the hand computation (PyTorch semantics)', () => {
  const optimizer = new AdamOptimizer(defaults);
  const [theta1, theta2] = trajectory(optimizer, 2);
  // step 1: g = 2, m = 0.1·2 = 0.2, v = 0.001·4 = 0.004, m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4
  //         θ = 1 − 0.1 · 2/(√4 + 1e-8) = 0.9
  close(theta1, 1 - 0.1 * 2 / (2 + 1e-8));
  // step 2: g = 1.8, m = 0.9·0.2 + 0.1·1.8 = 0.36, v = 0.999·0.004 + 0.001·3.24 = 0.007236
  //         m̂ = 0.36/(1 − 0.81) = 0.36/0.19, v̂ = 0.007236/(1 − 0.998001) = 0.007236/0.001999
  const mHat = 0.36 / 0.19;
  const vHat = 0.007236 / 0.001999;
  close(theta2, 0.9 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8));
  optimizer.dispose();
});

test('weight decay λ equals adding λ/2 · θ² to the loss (coupled L2)', () => {
  const decayed = new AdamOptimizer({ ...defaults, weightDecay: 0.5 });
  const plain = new AdamOptimizer(defaults);
  // f(θ) = (θ − 1)² from θ₀ = 0: unlike θ² alone, the decay is not a pure rescaling of the
  // gradient, which Adam would not notice.
  const a = tf.variable(tf.scalar(0));
  const b = tf.variable(tf.scalar(0));
  const c = tf.variable(tf.scalar(0));
  const undecayed = new AdamOptimizer(defaults);
  for (let i = 0; i < 3; i++) {
    decayed.minimize(() => tf.square(tf.sub(a, 1)) as tf.Scalar); // gradient 2(θ − 1) + 0.5θ
    plain.minimize(() => tf.add(tf.square(tf.sub(b, 1)), tf.mul(tf.square(b), 0.25))); // the same gradient
    undecayed.minimize(() => tf.square(tf.sub(c, 1)) as tf.Scalar); // gradient 2(θ − 1)
  }
  close(a.dataSync()[0], b.dataSync()[0], 1e-7);
  assert.ok(Math.abs(a.dataSync()[0] - c.dataSync()[0]) > 1e-4, 'the decay changes the trajectory');
  for (const x of [decayed, plain, undecayed, a, b, c]) x.dispose();
});

test('getWeights/setWeights round-trip the moments and the step counter', async () => {
  const theta = tf.variable(tf.scalar(1));
  const a = new AdamOptimizer(defaults);
  a.minimize(() => tf.square(theta));
  const saved = await a.getWeights();
  assert.equal(saved.map((w) => w.name), ['iter', `${theta.name}/m`, `${theta.name}/v`]);
  const b = new AdamOptimizer(defaults);
  await b.setWeights(saved);
  assert.is(b.iterations, 1);
  const before = theta.dataSync()[0];
  a.minimize(() => tf.square(theta));
  const viaA = theta.dataSync()[0];
  theta.assign(tf.scalar(before));
  b.minimize(() => tf.square(theta));
  close(theta.dataSync()[0], viaA, 1e-7);
  saved[0].tensor.dispose();
  a.dispose();
  b.dispose();
  theta.dispose();
});

test('leaks no tensors per step and frees its slots on dispose', () => {
  const theta = tf.variable(tf.ones([3]));
  const start = tf.memory().numTensors;
  const optimizer = new AdamOptimizer(defaults);
  optimizer.minimize(() => tf.sum(tf.square(theta)));
  const afterFirst = tf.memory().numTensors;
  assert.is(afterFirst, start + 2); // m and v
  for (let i = 0; i < 3; i++) optimizer.minimize(() => tf.sum(tf.square(theta)));
  assert.is(tf.memory().numTensors, afterFirst);
  optimizer.dispose();
  assert.is(tf.memory().numTensors, start);
  theta.dispose();
});

test.run();
