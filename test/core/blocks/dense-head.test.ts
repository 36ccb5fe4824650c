import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { denseHead, resolveDenseHeadConfig } from '../../../packages/core/src/blocks/dense-head';
import { catchError, modelOf, assertRoundTripExact } from './round-trip';

await tf.setBackend('cpu');

const resolveSuite = suite('resolveDenseHeadConfig');
resolveSuite('refuses a dropout rate of 1 and a non-integer hidden width', () => {
  assert.match(catchError(() => resolveDenseHeadConfig({ dropout: 1 })).message, /denseHead expects dropout to be a rate in \[0, 1\), but received 1/);
  assert.match(catchError(() => resolveDenseHeadConfig({ hidden: [8, 2.5] })).message, /hidden\[1\].*2.5/);
});
resolveSuite.run();

const headSuite = suite('denseHead');
headSuite('flattens, stacks hidden layers, ends in softmax probabilities', () => {
  const model = modelOf([2, 2, 3], (x) => denseHead(x, { hidden: [5], outputs: 4, name: 'h' }));
  assert.equal(model.outputs[0].shape, [null, 4]);
  assert.equal(model.layers.slice(1).map((l) => l.name), ['h_flatten', 'h_dropout1', 'h_dense1', 'h_dropout2', 'h_out']);
  const x = tf.randomNormal([3, 2, 2, 3], 0, 1, 'float32', 1);
  const sums = (model.predict(x) as tf.Tensor).sum(1);
  assert.ok(tf.max(tf.abs(sums.sub(1))).dataSync()[0] < 1e-5);
  tf.dispose([x, sums]);
});
headSuite('dropout is active in training and the identity at inference', () => {
  // One linear unit with all-ones kernel sums the 1000 inputs: exactly 1000 at inference;
  // in training, kept inputs are scaled by 1 / (1 - 0.5) = 2, so the sum is 2 · (kept count).
  const model = modelOf([1000], (x) => denseHead(x, { outputs: 1, dropout: 0.5, outputActivation: 'linear' }));
  const values = [tf.ones([1000, 1]), tf.zeros([1])];
  model.setWeights(values);
  tf.dispose(values);
  const x = tf.ones([1, 1000]);
  const inference = model.predict(x) as tf.Tensor;
  assert.is(inference.dataSync()[0], 1000);
  const a = (model.apply(x, { training: true }) as tf.Tensor).dataSync()[0];
  const b = (model.apply(x, { training: true }) as tf.Tensor).dataSync()[0];
  for (const v of [a, b]) {
    assert.is(v % 2, 0, 'twice an integer count');
    assert.ok(v !== 1000 || a !== b, 'not the identity');
    assert.ok(v > 800 && v < 1200, `${v}: about half the units kept`);
  }
  // Two masks can keep the same count (≈ 2.5 % of the time for 1000 units); four calls all alike would be a fixed mask.
  const more = [0, 1].map(() => (model.apply(x, { training: true }) as tf.Tensor).dataSync()[0]);
  assert.ok(new Set([a, b, ...more]).size > 1, `a fresh mask each call: ${[a, b, ...more].join(', ')}`);
  tf.dispose([x, inference]);
  model.dispose();
});
headSuite('globalAverage reduces a feature map by its spatial mean', () => {
  const model = modelOf([3, 3, 2], (x) => denseHead(x, { reduce: 'globalAverage', outputs: 2, dropout: 0, name: 'g' }));
  assert.equal(model.layers[1].getClassName(), 'GlobalAveragePooling2D');
});
headSuite('save → load reproduces the outputs exactly', async () => {
  await assertRoundTripExact(modelOf([4, 4, 2], (x) => denseHead(x, { hidden: [6], outputs: 3 })), 8, [2, 4, 4, 2], 9);
});
headSuite.run();
