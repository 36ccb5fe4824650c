import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { averageWeightsInto } from '../../../packages/core/src/io/average-weights';
import { saveModel } from '../../../packages/core/src/io/save-model';

await tf.setBackend('cpu');

/** dense(3) → batch norm → dense(2): kernels, biases and moving statistics. */
function net(units = 3): tf.LayersModel {
  const x = tf.input({ shape: [4] });
  let h = tf.layers.dense({ units, name: 'd1' }).apply(x) as tf.SymbolicTensor;
  h = tf.layers.batchNormalization({ name: 'bn' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 2, name: 'd2' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: h });
}

/** Sets every weight of `model` to values drawn from `seed` (variances kept positive). */
function randomise(model: tf.LayersModel, seed: number): number[][] {
  const values = model.weights.map((w, i) => tf.tidy(() => tf.abs(tf.randomNormal(w.shape as number[], 0, 1, 'float32', seed * 100 + i)).add(w.originalName.includes('variance') ? 0.1 : -0.5)));
  model.setWeights(values);
  const arrays = values.map((v) => Array.from(v.dataSync()));
  tf.dispose(values);
  return arrays;
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

const Average = suite('averageWeightsInto');

Average('sets every weight, moving statistics included, to the mean over the checkpoints, without leaking tensors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-average-'));
  try {
    const model = net();
    const saved: number[][][] = [];
    for (const seed of [1, 2, 3]) {
      saved.push(randomise(model, seed));
      await saveModel(model, join(dir, `c${seed}`));
    }
    randomise(model, 9);
    const before = tf.memory().numTensors;
    await averageWeightsInto(model, [1, 2, 3].map((s) => join(dir, `c${s}`)));
    assert.is(tf.memory().numTensors, before);
    assert.is(model.weights.length, 8);
    model.weights.forEach((w, i) => {
      const got = Array.from(w.read().dataSync());
      const expected = saved[0][i].map((_, j) => (saved[0][i][j] + saved[1][i][j] + saved[2][i][j]) / 3);
      got.forEach((v, j) => assert.ok(Math.abs(v - expected[j]) < 1e-6, `${w.originalName}[${j}]: ${v} against ${expected[j]}`));
    });
    // One checkpoint: its own weights.
    await averageWeightsInto(model, [join(dir, 'c2')]);
    assert.equal(Array.from(model.weights[0].read().dataSync()), saved[1][0].map((v) => Math.fround(v)));
    model.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Average('refuses an empty list, and a checkpoint of another shape by its file and the shapes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-average-'));
  try {
    const model = net();
    await saveModel(model, join(dir, 'same'));
    const wider = net(5);
    await saveModel(wider, join(dir, 'wider'));
    assert.match(await refusal(() => averageWeightsInto(model, [])), /averageWeightsInto expects dirs to be at least one checkpoint folder/);
    const before = tf.memory().numTensors;
    assert.match(await refusal(() => averageWeightsInto(model, [join(dir, 'same'), join(dir, 'wider')])), /wider\/weights\.bin.*the model expects shape \[4, 3\], but the file holds shape \[4, 5\]/);
    assert.is(tf.memory().numTensors, before);
    model.dispose();
    wider.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Average.run();
