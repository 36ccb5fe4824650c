import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { convBnRelu } from '../../../packages/core/src/blocks/conv-bn-relu';
import { denseHead } from '../../../packages/core/src/blocks/dense-head';
import { inceptionBlock } from '../../../packages/core/src/blocks/inception-block';
import { residualBlock } from '../../../packages/core/src/blocks/residual-block';
import { upsampleBlock } from '../../../packages/core/src/blocks/upsample-block';
import { vggStack } from '../../../packages/core/src/blocks/vgg-stack';
import { CheckpointError } from '../../../packages/core/src/errors';
import { roundToHalfPrecision } from '../../../packages/core/src/fp16/half-float';
import { loadModel, loadWeightsInto, saveModel } from '../../../packages/core/src/io/save-model';

await tf.setBackend('cpu');

/** A small CNN made of every block, with random weights (BN statistics included). */
function blocksModel(prefix: string): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  let x = convBnRelu(input, { filters: 8, name: `${prefix}stem` });
  x = residualBlock(x, { filters: 8, name: `${prefix}res1` });
  x = residualBlock(x, { kind: 'bottleneck', filters: 4, strides: 2, name: `${prefix}res2` });
  x = upsampleBlock(x, { filters: 8, name: `${prefix}up` });
  x = inceptionBlock(x, { filters1x1: 4, filters3x3Reduce: 4, filters3x3: 4, filters5x5Reduce: 2, filters5x5: 4, poolProjection: 4, name: `${prefix}inc` });
  x = vggStack(x, { filters: 8, convs: 2, batchNorm: true, name: `${prefix}vgg` });
  const output = denseHead(x, { hidden: [16], outputs: 5, name: `${prefix}head` });
  const model = tf.model({ inputs: input, outputs: output });
  const values = model.weights.map((w, i) => w.originalName.endsWith('moving_variance')
    ? tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', i)
    : tf.randomNormal(w.shape as number[], 0, 0.3, 'float32', i));
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

function dense(units: number[], name: string): tf.LayersModel {
  return tf.sequential({ layers: units.map((u, i) => tf.layers.dense({ units: u, name: `${name}${i}`, ...(i === 0 ? { inputShape: [4] } : {}) })) });
}

async function expectCheckpointError(run: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await run();
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.instance(e, CheckpointError);
    assert.match((e as Error).message, pattern);
  }
}

let dir = '';
const fresh = () => {
  dir = mkdtempSync(join(tmpdir(), 'deeper-save-'));
};
const clean = () => rmSync(dir, { recursive: true, force: true });

const saveSuite = suite('saveModel');
saveSuite.before.each(fresh);
saveSuite.after.each(clean);
saveSuite('a model of several blocks saves and loads back with identical predictions', async () => {
  const model = blocksModel('');
  const x = tf.randomNormal([4, 8, 8, 3], 0, 1, 'float32', 1);
  await saveModel(model, dir);
  const loaded = await loadModel(dir);
  const before = tf.memory().numTensors;
  const a = model.predict(x) as tf.Tensor;
  const b = loaded.predict(x) as tf.Tensor;
  assert.equal(Array.from(b.dataSync()), Array.from(a.dataSync()));
  assert.equal(loaded.weights.map((w) => w.originalName), model.weights.map((w) => w.originalName));
  tf.dispose([a, b, x]);
  assert.is(tf.memory().numTensors, before - 1);
  model.dispose();
  loaded.dispose();
});
saveSuite('float16: the weights file is half the size, values are the float16 roundings', async () => {
  const model = blocksModel('h');
  const full = join(dir, 'full');
  const half = join(dir, 'half');
  await saveModel(model, full);
  await saveModel(model, half, { dtype: 'float16' });
  const fullBytes = statSync(join(full, 'weights.bin')).size;
  const halfBytes = statSync(join(half, 'weights.bin')).size;
  assert.is(halfBytes * 2, fullBytes);
  const loaded = await loadModel(half);
  model.weights.forEach((w, i) => {
    assert.equal(Array.from(loaded.weights[i].read().dataSync()), Array.from(roundToHalfPrecision(w.read().dataSync())), w.originalName);
  });
  model.dispose();
  loaded.dispose();
});
saveSuite('optimizer: true saves the optimizer state, and loadModel resumes training exactly', async () => {
  const xs = tf.randomNormal([8, 4], 0, 1, 'float32', 1);
  const ys = tf.randomNormal([8, 2], 0, 1, 'float32', 2);
  const model = dense([3, 2], 'r');
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
  for (let i = 0; i < 3; i++) await model.trainOnBatch(xs, ys);
  await saveModel(model, dir, { optimizer: true });
  const resumed = await loadModel(dir);
  for (let i = 0; i < 2; i++) {
    await model.trainOnBatch(xs, ys);
    await resumed.trainOnBatch(xs, ys);
  }
  assert.equal(resumed.getWeights().map((t) => Array.from(t.dataSync())), model.getWeights().map((t) => Array.from(t.dataSync())));
  tf.dispose([xs, ys]);
  model.dispose();
  resumed.dispose();
});
saveSuite('saving again without optimizer removes the stale optimizer state', async () => {
  const model = dense([2], 'st');
  model.compile({ optimizer: tf.train.adam(), loss: 'meanSquaredError' });
  await saveModel(model, dir, { optimizer: true });
  assert.ok(existsSync(join(dir, 'optimizer.json')));
  await saveModel(model, dir);
  assert.not.ok(existsSync(join(dir, 'optimizer.json')));
  assert.not.ok(existsSync(join(dir, 'optimizer.bin')));
  model.dispose();
});
saveSuite('optimizer: true on an uncompiled model is a ConfigError', async () => {
  try {
    await saveModel(dense([2], 's'), dir, { optimizer: true });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /saveModel expects optimizer to be false for a model that is not compiled, but received true/);
  }
});
saveSuite('refuses an unknown dtype', async () => {
  const model = dense([2], 'd');
  try {
    await saveModel(model, dir, { dtype: 'bfloat16' as 'float16' });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /saveModel expects dtype to be one of "float32", "float16", but received "bfloat16"/);
  }
});
saveSuite.run();

const loadSuite = suite('loadModel');
loadSuite.before.each(fresh);
loadSuite.after.each(clean);
loadSuite('leaks no tensor: after dispose, the count is back where it was', async () => {
  const model = dense([3, 2], 'leak');
  await saveModel(model, dir, { dtype: 'float16' });
  const before = tf.memory().numTensors;
  const loaded = await loadModel(dir);
  loaded.dispose();
  assert.is(tf.memory().numTensors, before);
  model.dispose();
});
loadSuite('restores a compiled model\'s training config', async () => {
  const model = dense([3, 2], 'c');
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  await saveModel(model, dir);
  const loaded = await loadModel(dir);
  assert.ok(loaded.optimizer instanceof tf.AdamOptimizer);
  assert.is(loaded.loss, 'meanSquaredError');
  model.dispose();
  loaded.dispose();
});
loadSuite('a topology that cannot be rebuilt is a CheckpointError naming model.json', async () => {
  await saveModel(dense([2], 'e'), dir);
  const path = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(path, 'utf8'));
  json.modelTopology.config.layers[0].class_name = 'NoSuchLayer';
  writeFileSync(path, JSON.stringify(json));
  await expectCheckpointError(() => loadModel(dir), /model\.json.*does not rebuild a model.*NoSuchLayer/);
});
loadSuite('a weight the model does not have is named', async () => {
  await saveModel(dense([2], 'f'), dir);
  const path = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(path, 'utf8'));
  json.weightsManifest[0].weights[1].name = 'f0/bogus';
  writeFileSync(path, JSON.stringify(json));
  await expectCheckpointError(() => loadModel(dir), /holds weight "f0\/bogus" \(shape \[2\]\), which the model does not have/);
});
loadSuite.run();

const intoSuite = suite('loadWeightsInto');
intoSuite.before.each(fresh);
intoSuite.after.each(clean);
intoSuite('by name: restores saved values into the same model, leaking no tensor', async () => {
  const model = dense([3, 2], 'g');
  const saved = model.getWeights().map((t) => Array.from(t.dataSync()));
  await saveModel(model, dir);
  const zeros = model.weights.map((w) => tf.zeros(w.shape as number[]));
  model.setWeights(zeros);
  tf.dispose(zeros);
  const before = tf.memory().numTensors;
  await loadWeightsInto(model, dir);
  assert.is(tf.memory().numTensors, before);
  assert.equal(model.getWeights().map((t) => Array.from(t.dataSync())), saved);
  model.dispose();
});
intoSuite('by order: loads into a rebuilt model whose layers have other names', async () => {
  const model = dense([3, 2], 'h');
  await saveModel(model, dir);
  const rebuilt = dense([3, 2], 'other');
  await expectCheckpointError(() => loadWeightsInto(rebuilt, dir), /holds weight "h0\/kernel" \(shape \[4, 3\]\), which the model does not have.*match: 'order'/);
  await loadWeightsInto(rebuilt, dir, { match: 'order' });
  assert.equal(rebuilt.getWeights().map((t) => Array.from(t.dataSync())), model.getWeights().map((t) => Array.from(t.dataSync())));
  model.dispose();
  rebuilt.dispose();
});
intoSuite('a shape mismatch names the weight, the expected and the received shape', async () => {
  await saveModel(dense([3, 2], 'k'), dir);
  const wider = dense([5, 2], 'k');
  await expectCheckpointError(() => loadWeightsInto(wider, dir), /weight "k0\/kernel": the model expects shape \[4, 5\], but the file holds shape \[4, 3\]/);
  wider.dispose();
});
intoSuite('by order: a different weight count is refused', async () => {
  await saveModel(dense([3, 2], 'm'), dir);
  const deeper = dense([3, 2, 2], 'n');
  await expectCheckpointError(() => loadWeightsInto(deeper, dir, { match: 'order' }), /holds 4 weights and the model has 6/);
  deeper.dispose();
});
intoSuite('a missing directory is refused', async () => {
  await expectCheckpointError(() => loadWeightsInto(dense([1], 'p'), join(dir, 'absent')), /absent.*does not exist/);
});
intoSuite.run();
