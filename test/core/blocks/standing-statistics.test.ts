import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { batchNormalization } from '../../../packages/core/src/blocks/batch-norm';
import { batchNormLayers, standingStatistics } from '../../../packages/core/src/blocks/standing-statistics';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { ConfigError } from '../../../packages/core/src/errors';

await selectBackend('wasm', { quiet: true, threads: 1 });

/** dense(3) → batch norm → relu → dense(2) → batch norm, with tfjs-layers' and our batch norm. */
function twoNormNet(): tf.LayersModel {
  const x = tf.input({ shape: [4] });
  let h = tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }).apply(x) as tf.SymbolicTensor;
  h = tf.layers.batchNormalization({ momentum: 0.9, name: 'bn1' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.reLU().apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.randomNormal({ seed: 2 }) }).apply(h) as tf.SymbolicTensor;
  h = batchNormalization({ momentum: 0.8, name: 'bn2' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: h });
}

const batches = [0, 1, 2, 3, 4].map((t) => Array.from({ length: 6 * 4 }, (_, i) => Math.sin(3 * i + 7 * t) * (1 + t) + t));

/** Each batch norm's input for batch t, the network run by hand in training mode. */
function normInputs(model: tf.LayersModel, t: number): number[][][] {
  return tf.tidy(() => {
    const [d1, , , d2] = [model.layers[1], model.layers[2], model.layers[3], model.layers[4]];
    const x = tf.tensor2d(batches[t], [6, 4]);
    const a1 = d1.apply(x) as tf.Tensor;
    const { mean, variance } = tf.moments(a1, 0);
    const [gamma, beta] = model.layers[2].getWeights();
    const h1 = tf.relu(tf.batchNorm(a1, mean, variance, beta, gamma, 1e-3));
    const a2 = d2.apply(h1) as tf.Tensor;
    return [a1.arraySync() as number[][], a2.arraySync() as number[][]];
  });
}

function momentsOf(rows: number[][]): { mean: number[]; variance: number[] } {
  const n = rows.length;
  const mean = rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  const variance = rows[0].map((_, j) => rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n);
  return { mean, variance };
}

const standing = suite('standingStatistics');

standing('sets each batch norm\'s moving mean and variance to the average of its batch statistics over the passes', () => {
  const model = twoNormNet();
  const passes = 5;
  // Give γ and β values other than 1 and 0 so that the second norm's input depends on them.
  model.layers[2].setWeights([tf.tensor1d([1.5, 0.5, 2]), tf.tensor1d([0.1, -0.2, 0.3]), tf.zeros([3]), tf.ones([3])]);
  const expected = [0, 1].map((k) => {
    const per = batches.slice(0, passes).map((_, t) => momentsOf(normInputs(model, t)[k]));
    const avg = (key: 'mean' | 'variance') => per[0][key].map((_, j) => per.reduce((s, m) => s + m[key][j], 0) / passes);
    return { mean: avg('mean'), variance: avg('variance') };
  });
  const count = standingStatistics(model, (t) => tf.tensor2d(batches[t], [6, 4]), passes);
  assert.is(count, 2);
  for (const [k, name] of [[0, 'bn1'], [1, 'bn2']] as const) {
    const [, , movingMean, movingVariance] = model.getLayer(name).getWeights().map((w) => Array.from(w.dataSync()));
    movingMean.forEach((v, j) => assert.ok(Math.abs(v - expected[k].mean[j]) < 1e-4, `${name} mean[${j}]: ${v} vs ${expected[k].mean[j]}`));
    movingVariance.forEach((v, j) => assert.ok(Math.abs(v - expected[k].variance[j]) < 1e-4, `${name} variance[${j}]: ${v} vs ${expected[k].variance[j]}`));
  }
  model.dispose();
});

standing('restores the momenta, leaves the other weights alone, disposes the inputs and leaks no tensor', () => {
  const model = twoNormNet();
  const before = model.getWeights().map((w) => Array.from(w.dataSync()));
  const trainable = model.trainableWeights.map((w) => w.name);
  const tensors = tf.memory().numTensors;
  standingStatistics(model, (t) => tf.tensor2d(batches[t], [6, 4]), 3);
  assert.is(tf.memory().numTensors, tensors);
  assert.equal(batchNormLayers(model).map((l) => l.momentum), [0.9, 0.8]);
  const after = model.getWeights();
  model.weights.forEach((w, i) => {
    if (trainable.includes(w.name)) assert.equal(Array.from(after[i].dataSync()), before[i], w.name);
  });
  model.dispose();
});

standing('the inference output after it equals training mode on one batch when there is one pass', () => {
  const model = twoNormNet();
  standingStatistics(model, () => tf.tensor2d(batches[0], [6, 4]), 1);
  tf.tidy(() => {
    const x = tf.tensor2d(batches[0], [6, 4]);
    const inference = model.apply(x, { training: false }) as tf.Tensor;
    const ourRun = twoNormNet();
    ourRun.setWeights(model.getWeights());
    // Training mode normalises with the batch's own statistics, which one pass stored (up to ε).
    const training = ourRun.apply(x, { training: true }) as tf.Tensor;
    const diff = tf.max(tf.abs(tf.sub(inference, training))).dataSync()[0];
    assert.ok(diff < 1e-4, `max difference ${diff}`);
    ourRun.dispose();
  });
  model.dispose();
});

standing('refuses a model without batch norm and a pass count that is not a positive integer', () => {
  const x = tf.input({ shape: [2] });
  const plain = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 1 }).apply(x) as tf.SymbolicTensor });
  assert.throws(() => standingStatistics(plain, () => tf.zeros([1, 2]), 1), (e: Error) => e instanceof ConfigError && /batch-norm layers/.test(e.message));
  const model = twoNormNet();
  assert.throws(() => standingStatistics(model, () => tf.zeros([1, 4]), 0), (e: Error) => e instanceof ConfigError && /passes/.test(e.message) && /0/.test(e.message));
  assert.throws(() => standingStatistics(model, () => tf.zeros([1, 4]), 2.5), (e: Error) => e instanceof ConfigError && /passes/.test(e.message));
  plain.dispose();
  model.dispose();
});

standing.run();
