import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SgdOptimizer } from '../../../packages/core/src/optim/sgd-optimizer';
import { closeAll, trajectory } from './quadratic';

await tf.setBackend('cpu');

/** Minimizes f(θ) = θ² (gradient 2θ) from θ₀ = 1 and returns θ after each step. */
const base = { learningRate: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 };

const test = suite('SgdOptimizer');

test('plain SGD: θ ← θ − 0.1 · 2θ = 0.8 θ', () => {
  closeAll(trajectory(new SgdOptimizer(base), 3), [0.8, 0.64, 0.512]);
});

test('heavy-ball momentum seeds the buffer with the first gradient', () => {
  // 1: b = g = 2,                θ = 1 − 0.1·2 = 0.8
  // 2: g = 1.6, b = 0.9·2 + 1.6 = 3.4,    θ = 0.8 − 0.34 = 0.46
  // 3: g = 0.92, b = 0.9·3.4 + 0.92 = 3.98, θ = 0.46 − 0.398 = 0.062
  closeAll(trajectory(new SgdOptimizer({ ...base, momentum: 0.9 }), 3), [0.8, 0.46, 0.062]);
});

test('dampening scales the gradient added after the first step', () => {
  // 1: b = 2, θ = 0.8;  2: g = 1.6, b = 0.9·2 + 0.5·1.6 = 2.6, θ = 0.8 − 0.26 = 0.54
  closeAll(trajectory(new SgdOptimizer({ ...base, momentum: 0.9, dampening: 0.5 }), 2), [0.8, 0.54]);
});

test('Nesterov steps along g + μ b (PyTorch SGD(nesterov=True))', () => {
  // 1: b = 2, d = 2 + 0.9·2 = 3.8, θ = 1 − 0.38 = 0.62
  // 2: g = 1.24, b = 0.9·2 + 1.24 = 3.04, d = 1.24 + 0.9·3.04 = 3.976, θ = 0.62 − 0.3976 = 0.2224
  closeAll(trajectory(new SgdOptimizer({ ...base, momentum: 0.9, nesterov: true }), 2), [0.62, 0.2224]);
});

test('weight decay adds λθ: g = 2 + 0.1 = 2.1, θ = 1 − 0.21', () => {
  closeAll(trajectory(new SgdOptimizer({ ...base, weightDecay: 0.1 }), 1), [0.79]);
});

test('a learning rate changed between steps is used by the next step', () => {
  const theta = tf.variable(tf.scalar(1));
  const optimizer = new SgdOptimizer(base);
  optimizer.minimize(() => tf.square(theta));
  optimizer.learningRate = 0.25;
  optimizer.minimize(() => tf.square(theta)); // 0.8 − 0.25 · 1.6 = 0.4
  assert.ok(Math.abs(theta.dataSync()[0] - 0.4) < 1e-6);
  optimizer.dispose();
  theta.dispose();
});

test('is registered with tf.serialization and rebuilds from its config', () => {
  const original = new SgdOptimizer({ ...base, momentum: 0.9, nesterov: true });
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[SgdOptimizer.className];
  const rebuilt = fromConfig(cls, original.getConfig()) as unknown as SgdOptimizer;
  assert.ok(rebuilt instanceof SgdOptimizer);
  assert.equal(rebuilt.hyperparameters, original.hyperparameters);
  closeAll(trajectory(rebuilt, 2), [0.62, 0.2224]);
  original.dispose();
});

test.run();
