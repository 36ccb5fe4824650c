import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Ensemble, ensemblePredict } from '../../../packages/core/src/ensemble/ensemble';
import { ConfigError, ShapeError } from '../../../packages/core/src/errors';

await tf.setBackend('cpu');

/** A hand-built softmax classifier 2 → 3 with the given kernel and zero bias. */
function classifier(kernel: number[][], activation: 'softmax' | 'linear' = 'softmax'): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: kernel[0].length, inputShape: [2], activation })] });
  const values = [tf.tensor2d(kernel), tf.zeros([kernel[0].length])];
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

const kernels = [
  [[1, 0, -1], [0, 2, 0]],
  [[0, 1, 0], [1, -1, 2]],
  [[-1, 0, 3], [2, 0, 0]],
];
const x = tf.tensor2d([[1, 0], [0, 1], [0.5, -2]]);

/** softmax(x·K) for one row, by hand. */
function softmaxRow(row: number[], kernel: number[][]): number[] {
  const logits = kernel[0].map((_, j) => row[0] * kernel[0][j] + row[1] * kernel[1][j]);
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
const rows = [[1, 0], [0, 1], [0.5, -2]];

const predictSuite = suite('ensemblePredict');
predictSuite('the plain mean of the members\' probabilities, checked by hand', () => {
  const models = kernels.map((k) => classifier(k));
  const y = ensemblePredict(models, x);
  const expected = rows.map((r) => [0, 1, 2].map((j) => kernels.reduce((s, k) => s + softmaxRow(r, k)[j], 0) / 3));
  const got = y.arraySync() as number[][];
  got.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i][j]) < 1e-6, `[${i}][${j}] ${v} vs ${expected[i][j]}`)));
  y.dispose();
  models.forEach((m) => m.dispose());
});
predictSuite('equals the average of the members\' own predictions, and leaks no tensor', () => {
  const models = kernels.map((k) => classifier(k));
  const before = tf.memory().numTensors;
  const y = ensemblePredict(models, x);
  assert.is(tf.memory().numTensors, before + 1);
  const manual = tf.tidy(() => tf.addN(models.map((m) => m.predict(x) as tf.Tensor)).div(3));
  assert.ok(tf.max(tf.abs(y.sub(manual))).dataSync()[0] < 1e-7);
  tf.dispose([y, manual]);
  models.forEach((m) => m.dispose());
});
predictSuite('mismatched output shapes are a ShapeError naming the member', () => {
  const a = classifier(kernels[0]);
  const b = classifier([[1, 2], [3, 4]]);
  try {
    ensemblePredict([a, b], x);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ShapeError);
    assert.match((e as Error).message, /Ensemble member 1 .*expects the output shape of member 0, \[null, 3\], but received shape \[null, 2\]/);
  }
  a.dispose();
  b.dispose();
});
predictSuite.run();

const ensembleSuite = suite('Ensemble');
ensembleSuite('weights are normalized and applied', () => {
  const models = kernels.slice(0, 2).map((k) => classifier(k));
  const ensemble = new Ensemble(models, { weights: [3, 1] });
  assert.equal(ensemble.memberWeights, [0.75, 0.25]);
  const y = ensemble.predict(x);
  const manual = tf.tidy(() => (models[0].predict(x) as tf.Tensor).mul(0.75).add((models[1].predict(x) as tf.Tensor).mul(0.25)));
  assert.ok(tf.max(tf.abs(y.sub(manual))).dataSync()[0] < 1e-7);
  tf.dispose([y, manual]);
  models.forEach((m) => m.dispose());
});
ensembleSuite('fromLogits: softmax before averaging, so logit members match softmax members', () => {
  const logits = kernels.map((k) => classifier(k, 'linear'));
  const probs = kernels.map((k) => classifier(k));
  const a = new Ensemble(logits, { fromLogits: true }).predict(x);
  const b = new Ensemble(probs).predict(x);
  assert.ok(tf.max(tf.abs(a.sub(b))).dataSync()[0] < 1e-6);
  tf.dispose([a, b]);
  [...logits, ...probs].forEach((m) => m.dispose());
});
ensembleSuite('refuses no members, a wrong weight count, negative or all-zero weights', () => {
  const models = kernels.slice(0, 2).map((k) => classifier(k));
  assert.throws(() => new Ensemble([]), (e: Error) => e instanceof ConfigError && /members to be a non-empty array/.test(e.message));
  assert.throws(() => new Ensemble(models, { weights: [1] }), /weights to be null or an array of 2 numbers/);
  assert.throws(() => new Ensemble(models, { weights: [1, -1] }), /weights\[1\] to be a finite number ≥ 0, but received -1/);
  assert.throws(() => new Ensemble(models, { weights: [0, 0] }), /positive sum/);
  models.forEach((m) => m.dispose());
});
ensembleSuite.run();
