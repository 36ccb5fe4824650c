import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CheckpointError } from '../../../packages/core/src/errors';
import { loadOptimizer, saveOptimizer } from '../../../packages/core/src/io/optimizer-checkpoint';
import { loadModel, saveModel } from '../../../packages/core/src/io/save-model';

await tf.setBackend('cpu');

function compiled(optimizer: tf.Optimizer): tf.LayersModel {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ units: 6, inputShape: [3], activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ] });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

const xs = tf.randomNormal([16, 3], 0, 1, 'float32', 5);
const ys = tf.randomNormal([16, 1], 0, 1, 'float32', 6);
const weightsOf = (m: tf.LayersModel) => m.getWeights().map((t) => Array.from(t.dataSync()));

let dir = '';
const saveSuite = suite('saveOptimizer');
saveSuite.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'deeper-opt-'));
});
saveSuite.after.each(() => rmSync(dir, { recursive: true, force: true }));
saveSuite('a resumed Adam run takes exactly the steps of the uninterrupted one', async () => {
  const model = compiled(tf.train.adam(0.05));
  for (let i = 0; i < 5; i++) await model.trainOnBatch(xs, ys);
  await saveModel(model, dir);
  const before = tf.memory().numTensors;
  await saveOptimizer(model.optimizer, dir);
  assert.is(tf.memory().numTensors, before, 'saving leaks nothing');
  for (let i = 0; i < 3; i++) await model.trainOnBatch(xs, ys);

  const resumed = await loadModel(dir, { optimizer: false });
  await loadOptimizer(dir, resumed.optimizer);
  for (let i = 0; i < 3; i++) await resumed.trainOnBatch(xs, ys);
  assert.equal(weightsOf(resumed), weightsOf(model));

  // Control: without the optimizer state (fresh moments, step 0) the run diverges.
  const cold = await loadModel(dir, { optimizer: false });
  for (let i = 0; i < 3; i++) await cold.trainOnBatch(xs, ys);
  assert.not.equal(weightsOf(cold), weightsOf(model));
  model.dispose();
  resumed.dispose();
  cold.dispose();
});
saveSuite.run();

const loadSuite = suite('loadOptimizer');
loadSuite.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'deeper-opt-'));
});
loadSuite.after.each(() => rmSync(dir, { recursive: true, force: true }));
loadSuite('without an optimizer, rebuilds one of the saved class and hyperparameters', async () => {
  const model = compiled(tf.train.momentum(0.1, 0.9));
  await model.trainOnBatch(xs, ys);
  await saveOptimizer(model.optimizer, dir);
  const restored = await loadOptimizer(dir);
  assert.instance(restored, tf.MomentumOptimizer);
  assert.equal(restored.getConfig(), model.optimizer.getConfig());
  const [a, b] = [await restored.getWeights(), await model.optimizer.getWeights()];
  assert.equal(a.map((w) => Array.from(w.tensor.dataSync())), b.map((w) => Array.from(w.tensor.dataSync())));
  model.dispose();
});
loadSuite('a different optimizer class is refused, naming both', async () => {
  const model = compiled(tf.train.adam());
  await model.trainOnBatch(xs, ys);
  await saveOptimizer(model.optimizer, dir);
  try {
    await loadOptimizer(dir, tf.train.sgd(0.1));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, CheckpointError);
    assert.match((e as Error).message, /optimizer\.json.*state of a Adam optimizer, but the optimizer to restore is a SGD/);
  }
  model.dispose();
});
loadSuite('missing files and truncated state are CheckpointErrors', async () => {
  await assert.not.throws(() => undefined);
  try {
    await loadOptimizer(dir);
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /optimizer\.json.*does not exist/);
  }
  const model = compiled(tf.train.adam());
  await model.trainOnBatch(xs, ys);
  await saveOptimizer(model.optimizer, dir);
  truncateSync(join(dir, 'optimizer.bin'), 10);
  try {
    await loadOptimizer(dir, tf.train.adam());
    assert.unreachable();
  } catch (e) {
    assert.instance(e, CheckpointError);
    assert.match((e as Error).message, /optimizer\.bin.*holds 10 bytes.*truncated/);
  }
  model.dispose();
});
loadSuite.run();
