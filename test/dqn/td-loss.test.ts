import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tdLoss } from '../../packages/dqn/src/td-loss';

await tf.setBackend('cpu');

const TdLoss = suite('tdLoss');

TdLoss('huber is quadratic inside κ = 1 and linear beyond (PyTorch smooth_l1_loss)', () => {
  const delta = tf.tensor1d([-3, -1, -0.5, 0, 0.5, 1, 2.5]);
  const values = Array.from(tdLoss('huber', delta).dataSync());
  const expected = [2.5, 0.5, 0.125, 0, 0.125, 0.5, 2];
  values.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `${i}: ${v}`));
  const gradient = Array.from(tf.grad((d: tf.Tensor) => tf.sum(tdLoss('huber', d)))(delta).dataSync());
  [-1, -1, -0.5, 0, 0.5, 1, 1].forEach((g, i) => assert.ok(Math.abs(gradient[i] - g) < 1e-6, `grad ${i}: ${gradient[i]}`));
});

TdLoss('mse is δ²', () => {
  const values = Array.from(tdLoss('mse', tf.tensor1d([-2, 0.5])).dataSync());
  assert.equal(values, [4, 0.25]);
});

TdLoss('leaves no tensor behind but its result', () => {
  const delta = tf.tensor1d([1, 2]);
  const before = tf.memory().numTensors;
  const out = tdLoss('huber', delta);
  assert.is(tf.memory().numTensors, before + 1);
  out.dispose();
});

TdLoss.run();
