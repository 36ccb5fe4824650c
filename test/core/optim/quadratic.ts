/** What the optimizer tests share: minimising f(θ) = θ² (gradient 2θ) and comparing with hand-computed steps. */
import * as tf from '@tensorflow/tfjs';
import * as assert from 'uvu/assert';

/** θ after each of `steps` updates of `optimizer` on f(θ) = θ² from θ₀; disposes the optimizer. */
export function trajectory(optimizer: tf.Optimizer, steps: number, theta0 = 1): number[] {
  const theta = tf.variable(tf.scalar(theta0));
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    optimizer.minimize(() => tf.square(theta));
    out.push(theta.dataSync()[0]);
  }
  theta.dispose();
  optimizer.dispose();
  return out;
}

/** Asserts |actual − expected| ≤ tol. */
export const close = (actual: number, expected: number, tol = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, received ${actual}`);

/** Asserts each step of a trajectory is within tol of the hand-computed one. */
export const closeAll = (actual: number[], expected: number[], tol = 1e-6) =>
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= tol, `step ${i + 1}: expected ${expected[i]}, received ${a}`));
