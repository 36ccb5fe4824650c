import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RmspropOptimizer } from '../../../packages/core/src/optim/rmsprop-optimizer';
import { close, trajectory } from './quadratic';

await tf.setBackend('cpu');

const base = { learningRate: 0.01, alpha: 0.99, epsilon: 1e-8, momentum: 0, centered: false, weightDecay: 0 };

const test = suite('RmspropOptimizer');

test('plain: v = α v + (1−α) g², θ ← θ − lr g/(√v + ε)', () => {
  const [t1, t2] = trajectory(new RmspropOptimizer(base), 2);
  // 1: v = 0.01·4 = 0.04, θ = 1 − 0.01·2/(0.2 + 1e-8) ≈ 0.9
  close(t1, 1 - 0.01 * 2 / (0.2 + 1e-8));
  // 2: g = 1.8, v = 0.99·0.04 + 0.01·3.24 = 0.072
  close(t2, t1 - 0.01 * (2 * t1) / (Math.sqrt(0.99 * 0.04 + 0.01 * (2 * t1) ** 2) + 1e-8));
});

test('centered with ε = 0.01: denominator √(v − ḡ²) + ε, ε outside the root', () => {
  const [t1, t2] = trajectory(new RmspropOptimizer({ ...base, centered: true, epsilon: 0.01 }), 2);
  // 1: v = 0.04, ḡ = 0.01·2 = 0.02, v − ḡ² = 0.0396, θ = 1 − 0.01·2/(√0.0396 + 0.01)
  close(t1, 1 - 0.01 * 2 / (Math.sqrt(0.0396) + 0.01));
  const g2 = 2 * t1;
  const v2 = 0.99 * 0.04 + 0.01 * g2 * g2;
  const gAvg2 = 0.99 * 0.02 + 0.01 * g2;
  close(t2, t1 - 0.01 * g2 / (Math.sqrt(v2 - gAvg2 * gAvg2) + 0.01));
});

test('centered with ε = 0.01 stays finite where v − ḡ² is tiny', () => {
  // θ₀ = 1e-3 gives g ≈ 2e-3, so v − ḡ² ≈ 4e-8 ≪ ε: any ε inside the root with a minus sign would go negative.
  const thetas = trajectory(new RmspropOptimizer({ ...base, centered: true, epsilon: 0.01 }), 30, 1e-3);
  assert.ok(thetas.every(Number.isFinite), `NaN in ${thetas}`);
  assert.ok(Math.abs(thetas[29]) < 1e-3, 'it still descends');
});

test('where tf.train.rmsprop (centred, ε = 0.01) gives NaN, this one does not', () => {
  const theirs = trajectory(tf.train.rmsprop(0.01, 0.99, 0, 0.01, true), 3, 1e-3);
  const ours = trajectory(new RmspropOptimizer({ ...base, centered: true, epsilon: 0.01 }), 3, 1e-3);
  assert.ok(theirs.some(Number.isNaN), `tfjs gave ${theirs}`);
  assert.ok(ours.every(Number.isFinite), `ours gave ${ours}`);
});

test('momentum accumulates g/denominator', () => {
  const [t1, t2] = trajectory(new RmspropOptimizer({ ...base, momentum: 0.9 }), 2);
  const b1 = 2 / (0.2 + 1e-8); // 10
  close(t1, 1 - 0.01 * b1);
  const g2 = 2 * t1;
  const b2 = 0.9 * b1 + g2 / (Math.sqrt(0.99 * 0.04 + 0.01 * g2 * g2) + 1e-8); // 9 + 1.8/√0.072
  close(t2, t1 - 0.01 * b2, 1e-5);
});

test.run();
