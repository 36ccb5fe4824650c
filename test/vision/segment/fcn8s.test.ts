import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { loadModel, saveModel } from '../../../packages/core/src/io/save-model';
import { bilinearKernel } from '../../../packages/vision/src/segment/bilinear-kernel';
import { fcn8s, resolveFcn8sConfig } from '../../../packages/vision/src/segment/fcn8s';

await selectBackend('wasm', { quiet: true, threads: 1 });

const tiny = { filters: [4, 4, 8, 8, 8] as [number, number, number, number, number], fcFilters: 8, convsPerStage: 1 };

const Fcn8s = suite('fcn8s');

Fcn8s('per-pixel scores of the input size, for M2NIST and sizes that are not multiples of 32', () => {
  for (const [h, w, c] of [[64, 84, 1], [30, 50, 3], [96, 64, 1]] as const) {
    const model = fcn8s({ ...tiny, classes: 5, inputShape: [h, w, c] });
    assert.equal(model.outputs[0].shape, [null, h, w, 5]);
    const y = model.predict(tf.zeros([2, h, w, c])) as tf.Tensor;
    assert.equal(y.shape, [2, h, w, 5]);
    tf.dispose(y);
    model.dispose();
  }
});

Fcn8s("the paper's initialisation: bilinear upsampling, zero skip scores, a fixed final 8× layer", () => {
  const model = fcn8s({ ...tiny, classes: 3 });
  for (const [name, factor] of [['upscore2_deconv', 2], ['upscore_pool4_deconv', 2], ['upscore8_deconv', 8]] as const) {
    const expected = bilinearKernel(factor, 3);
    assert.equal(model.getLayer(name).getWeights()[0].arraySync(), expected.arraySync());
    expected.dispose();
  }
  for (const name of ['score_pool4', 'score_pool3']) assert.ok(model.getLayer(name).getWeights()[0].dataSync().every((v) => v === 0));
  assert.is(model.getLayer('upscore8_deconv').trainable, false);
  assert.ok(model.getLayer('upscore2_deconv').trainable);
  model.dispose();
});

Fcn8s('outputStride picks FCN-32s … FCN-2s: skips down to pool1, bilinear 2× layers, the final one fixed', () => {
  for (const [stride, skips, final] of [[32, [], 'upscore32'], [16, ['score_pool4'], 'upscore16'], [4, ['score_pool4', 'score_pool3', 'score_pool2'], 'upscore4'], [2, ['score_pool4', 'score_pool3', 'score_pool2', 'score_pool1'], 'upscore2_out']] as const) {
    const model = fcn8s({ ...tiny, classes: 3, outputStride: stride, seed: 2 });
    assert.equal(model.outputs[0].shape, [null, 64, 84, 3]);
    const names = model.layers.map((l) => l.name);
    assert.equal(names.filter((n) => n.startsWith('score_pool')), [...skips], `stride ${stride}`);
    for (const name of skips) assert.ok(model.getLayer(name).getWeights()[0].dataSync().every((v) => v === 0));
    const expected = bilinearKernel(stride, 3);
    assert.equal(model.getLayer(`${final}_deconv`).getWeights()[0].arraySync(), expected.arraySync());
    assert.is(model.getLayer(`${final}_deconv`).trainable, false);
    expected.dispose();
    model.dispose();
  }
  assert.throws(() => resolveFcn8sConfig({ outputStride: 1 as 2 }), /fcn8s expects outputStride to be one of 32, 16, 8, 4, 2, but received 1/);
});

Fcn8s('learnFinalUpsampling: the final 8× layer starts bilinear and learns in a step; by default it does not move', () => {
  const x = tf.randomUniform([2, 64, 84, 1], 0, 1, 'float32', 5);
  const labels = tf.oneHot(tf.randomUniform([2, 64, 84], 0, 3, 'int32', 6), 3);
  const finalAfterStep = (learnFinalUpsampling: boolean) => {
    const model = fcn8s({ ...tiny, classes: 3, seed: 2, learnFinalUpsampling });
    const before = model.getLayer('upscore8_deconv').getWeights()[0].clone();
    const expected = bilinearKernel(8, 3);
    assert.equal(before.arraySync(), expected.arraySync());
    const optimizer = tf.train.adam(0.01);
    optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(model.getLayer('upscore8_deconv').getWeights()[0], before))).dataSync()[0]);
    tf.dispose([before, expected]);
    optimizer.dispose();
    model.dispose();
    return moved;
  };
  assert.ok(finalAfterStep(true) > 1e-4, 'learns');
  assert.is(finalAfterStep(false), 0);
  assert.throws(() => resolveFcn8sConfig({ learnFinalUpsampling: 'yes' as unknown as boolean }), /fcn8s expects learnFinalUpsampling to be a boolean, but received "yes"/);
  tf.dispose([x, labels]);
});

Fcn8s('the same seed gives the same weights; the model saves and loads with core IO', async () => {
  const a = fcn8s({ ...tiny, seed: 4 });
  const b = fcn8s({ ...tiny, seed: 4 });
  const c = fcn8s({ ...tiny, seed: 5 });
  const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
  assert.equal(values(a), values(b));
  assert.not.equal(values(a), values(c));
  const dir = mkdtempSync(join(tmpdir(), 'vision-fcn-'));
  await saveModel(a, dir);
  const loaded = await loadModel(dir, { optimizer: false });
  const x = tf.randomUniform([1, 64, 84, 1], 0, 1, 'float32', 1);
  const [ya, yl] = [a.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
  assert.ok(tf.max(tf.abs(tf.sub(ya, yl))).dataSync()[0] < 1e-5);
  tf.dispose([x, ya, yl]);
  [a, b, c, loaded].forEach((m) => m.dispose());
  rmSync(dir, { recursive: true, force: true });
});

Fcn8s('refuses bad config, naming the field', () => {
  assert.throws(() => resolveFcn8sConfig({ classes: 1 }), /fcn8s expects classes to be an integer ≥ 2, but received 1/);
  assert.throws(() => resolveFcn8sConfig({ filters: [1, 2, 3] as unknown as [number, number, number, number, number] }), /filters to be five positive integers/);
  assert.throws(() => resolveFcn8sConfig({ inputShape: [64, 0, 1] }), /inputShape to be \[height, width, channels\] of positive integers, but received \[64,0,1\]/);
  assert.throws(() => resolveFcn8sConfig({ dropout: 1 }), /dropout to be a rate in \[0, 1\)/);
});

Fcn8s.run();
