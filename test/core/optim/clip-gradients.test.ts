import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clipGradients } from '../../../packages/core/src/optim/clip-gradients';

await tf.setBackend('cpu');

const test = suite('clipGradients');

test('by global norm: all gradients scale by maxNorm/(‖g‖ + 1e-6)', () => {
  const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor2d([[0, 4]]) }; // ‖g‖ = √(9 + 16) = 5
  const clipped = clipGradients(grads, { clipNorm: 2.5, clipValue: null });
  const scale = 2.5 / (5 + 1e-6);
  const [a0, a1] = clipped.a.dataSync();
  const [b0, b1] = clipped.b.dataSync();
  assert.ok(Math.abs(a0 - 3 * scale) < 1e-6 && a1 === 0 && b0 === 0 && Math.abs(b1 - 4 * scale) < 1e-6);
  assert.equal(clipped.b.shape, [1, 2]);
  tf.dispose([grads, clipped]);
});

test('by global norm leaves gradients under the limit unchanged', () => {
  const grads = { a: tf.tensor1d([0.3, 0.4]) };
  const clipped = clipGradients(grads, { clipNorm: 1, clipValue: null });
  assert.equal(Array.from(clipped.a.dataSync()), Array.from(grads.a.dataSync()));
  tf.dispose([grads, clipped]);
});

test('by value clamps to [−v, v] before the norm', () => {
  const grads = { a: tf.tensor1d([-3, 0.5, 2]) };
  const clipped = clipGradients(grads, { clipNorm: null, clipValue: 1 });
  assert.equal(Array.from(clipped.a.dataSync()), [-1, 0.5, 1]);
  // Clamped to (−1, 0.5, 1), norm 1.5, then scaled to norm 0.75.
  const both = clipGradients(grads, { clipNorm: 0.75, clipValue: 1 });
  const norm = Math.hypot(...both.a.dataSync());
  assert.ok(Math.abs(norm - 0.75) < 1e-5, `norm ${norm}`);
  tf.dispose([grads, clipped, both]);
});

test('returns new tensors and leaks nothing else', () => {
  const grads = { a: tf.tensor1d([1, 2]) };
  const before = tf.memory().numTensors;
  const clipped = clipGradients(grads, { clipNorm: 1, clipValue: 1.5 });
  assert.is(tf.memory().numTensors, before + 1);
  assert.is.not(clipped.a, grads.a);
  tf.dispose([grads, clipped]);
});

test('refuses non-positive limits', () => {
  const grads = { a: tf.tensor1d([1]) };
  assert.throws(() => clipGradients(grads, { clipNorm: 0, clipValue: null }), /clipNorm/);
  assert.throws(() => clipGradients(grads, { clipNorm: null, clipValue: -1 }), /clipValue/);
  grads.a.dispose();
});

test.run();
