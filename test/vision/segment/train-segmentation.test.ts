import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { fcn8s } from '../../../packages/vision/src/segment/fcn8s';
import { evaluateSegmentation } from '../../../packages/vision/src/segment/evaluate-segmentation';
import { resolveTrainSegmentationConfig, trainSegmentation, type SegmentationEvent } from '../../../packages/vision/src/segment/train-segmentation';
import { shapeMasks } from './shape-masks';

await selectBackend('wasm', { quiet: true, threads: 1 });

const small = { classes: 5, inputShape: [64, 64, 3] as [number, number, number], filters: [8, 8, 16, 16, 16] as [number, number, number, number, number], fcFilters: 16, convsPerStage: 1, batchNorm: false };

const TrainSegmentation = suite('trainSegmentation');

TrainSegmentation('FCN-8s learns to segment shapes by colour within seconds (mean IoU from 0 to > 0.4), leaking no tensor', async () => {
  const train = shapeMasks(32, 0);
  const model = fcn8s(small);
  const before = evaluateSegmentation(model, train);
  const tensors = tf.memory().numTensors;
  const started = performance.now();
  const events: SegmentationEvent[] = await lastValueFrom(trainSegmentation(model, { train, test: train }, { epochs: 12, batchSize: 8, learningRate: 1e-2 }).pipe(toArray()));
  const seconds = (performance.now() - started) / 1000;
  assert.is(tf.memory().numTensors, tensors);
  const evals = events.filter((e) => e.type === 'segmentation-eval');
  assert.is(evals.length, 12);
  const last = evals[11];
  assert.ok(before.meanIou < 0.1, `before training: ${before.meanIou}`);
  assert.ok(last.type === 'segmentation-eval' && last.meanIou > 0.4, `after 48 steps: mean IoU ${JSON.stringify(last)}`);
  const batches = events.filter((e) => e.type === 'batch');
  assert.is(batches.length, 48);
  assert.ok(batches[47].loss < batches[0].loss / 4, `loss ${batches[0].loss} → ${batches[47].loss}`);
  assert.ok(seconds < 120, `${seconds} s`);
  assert.is(events[events.length - 1].type, 'done');
  model.dispose();
});

TrainSegmentation('cold: nothing runs before subscribe; a run resumed from its epoch-1 checkpoint ends with the same weights', async () => {
  const train = shapeMasks(8, 1);
  const config = { batchSize: 4, learningRate: 3e-3, seed: 2 };
  const dir = mkdtempSync(join(tmpdir(), 'vision-train-'));
  const straight = fcn8s({ ...small, seed: 1 });
  const stream = trainSegmentation(straight, { train }, { ...config, epochs: 2 });
  const untouched = straight.getWeights().map((w) => Array.from(w.dataSync()));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(straight.getWeights().map((w) => Array.from(w.dataSync())), untouched);
  await lastValueFrom(stream);
  const first = fcn8s({ ...small, seed: 1 });
  await lastValueFrom(trainSegmentation(first, { train }, { ...config, epochs: 1, runDir: dir }));
  const resumed = fcn8s({ ...small, seed: 1 });
  const events = await lastValueFrom(trainSegmentation(resumed, { train }, { ...config, epochs: 2, runDir: dir, resume: dir }).pipe(toArray()));
  assert.equal(events[0], { type: 'resume', epoch: 1, step: 2, path: join(dir, 'checkpoints', 'step-00000002') });
  assert.is(events.filter((e) => e.type === 'batch').length, 2);
  const a = straight.getWeights().map((w) => Array.from(w.dataSync()));
  const b = resumed.getWeights().map((w) => Array.from(w.dataSync()));
  a.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - b[i][j]) < 1e-6, `weight ${i}[${j}]: ${v} vs ${b[i][j]}`)));
  [straight, first, resumed].forEach((m) => m.dispose());
  rmSync(dir, { recursive: true, force: true });
});

for (const lrSchedule of ['constant', 'cosine'] as const) {
TrainSegmentation(`a stop mid-epoch checkpoints that minibatch, and the run resumed from there ends with the uninterrupted weights (${lrSchedule} rate)`, async () => {
  const train = shapeMasks(8, 1);
  const config = { batchSize: 4, learningRate: 3e-3, seed: 2, epochs: 2, lrSchedule };
  const dir = mkdtempSync(join(tmpdir(), 'vision-stop-'));
  // The rate of update t of 4: 3e-3 throughout, or 3e-3 · ½ (1 + cos(π (t − 1) / 4)) (Loshchilov & Hutter 2017, eq. 5, to 0).
  const rates = [1, 2, 3, 4].map((t) => (lrSchedule === 'constant' ? 3e-3 : 3e-3 * 0.5 * (1 + Math.cos((Math.PI * (t - 1)) / 4))));
  const near = (got: number[], want: number[]) => got.forEach((r, i) => assert.ok(Math.abs(r - want[i]) < 1e-9, `rate ${i + 1}: ${r} vs ${want[i]}`));
  try {
    const straight = fcn8s({ ...small, seed: 1 });
    await lastValueFrom(trainSegmentation(straight, { train }, config));
    // 2 minibatches an epoch: the stop after step 3 falls in the second epoch, before its second minibatch.
    const cut = fcn8s({ ...small, seed: 1 });
    const stop = new AbortController();
    const events = await lastValueFrom(trainSegmentation(cut, { train }, { ...config, runDir: dir }, { stop: stop.signal }).pipe(
      tap((e) => e.type === 'batch' && e.step === 3 && stop.abort()),
      toArray(),
    ));
    assert.equal(events.filter((e) => e.type === 'batch').map((e) => e.step), [1, 2, 3]);
    near(events.flatMap((e) => (e.type === 'batch' ? [e.learningRate] : [])), rates.slice(0, 3));
    assert.equal(events.filter((e) => e.type === 'checkpoint').map((e) => e.step), [2, 3]);
    const resumed = fcn8s({ ...small, seed: 1 });
    const more = await lastValueFrom(trainSegmentation(resumed, { train }, { ...config, runDir: dir, resume: dir }).pipe(toArray()));
    assert.equal(more[0], { type: 'resume', epoch: 1, step: 3, path: join(dir, 'checkpoints', 'step-00000003') });
    assert.equal(more.filter((e) => e.type === 'batch').map((e) => e.step), [4]);
    near(more.flatMap((e) => (e.type === 'batch' ? [e.learningRate] : [])), rates.slice(3));
    const a = straight.getWeights().map((w) => Array.from(w.dataSync()));
    const b = resumed.getWeights().map((w) => Array.from(w.dataSync()));
    a.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - b[i][j]) < 1e-6, `weight ${i}[${j}]: ${v} vs ${b[i][j]}`)));
    [straight, cut, resumed].forEach((m) => m.dispose());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
}

TrainSegmentation('clipNorm reaches the optimizer: a tiny norm all but stops the first Adam step', async () => {
  const train = shapeMasks(4, 3);
  const change = async (clipNorm: number | null) => {
    const model = fcn8s({ ...small, seed: 4 });
    const before = model.trainableWeights.map((w) => Array.from(w.read().dataSync()));
    await lastValueFrom(trainSegmentation(model, { train }, { batchSize: 4, learningRate: 1e-3, epochs: 1, clipNorm }));
    const moved = Math.max(...model.trainableWeights.map((w, i) => Math.max(...Array.from(w.read().dataSync()).map((v, j) => Math.abs(v - before[i][j])))));
    model.dispose();
    return moved;
  };
  const [free, clipped] = [await change(null), await change(1e-9)];
  // Adam's first step moves a weight by about the rate (m̂ / √v̂ = ±1) unless the gradient is far below ε.
  assert.ok(free > 5e-4, `unclipped step ${free}`);
  assert.ok(clipped < free / 10, `clipped step ${clipped} vs ${free}`);
  assert.throws(() => resolveTrainSegmentationConfig({ clipNorm: 0 }), /trainSegmentation expects clipNorm to be .*, but received 0/);
});

TrainSegmentation('refuses data that does not fit the model, and bad config', () => {
  const model = fcn8s({ ...small, classes: 3 });
  assert.throws(() => trainSegmentation(model, { train: shapeMasks(2, 0) }), /trainSegmentation \(training data\) expects data with the model's 3 classes \(classes\.json\), but received shape 5 classes/);
  assert.throws(() => resolveTrainSegmentationConfig({ batchSize: 0 }), /trainSegmentation expects batchSize to be a positive integer, but received 0/);
  assert.throws(() => resolveTrainSegmentationConfig({ resume: 'x' }), /trainSegmentation expects runDir to be a run folder when resume is set/);
  assert.throws(() => resolveTrainSegmentationConfig({ lrSchedule: 'step' as 'cosine' }), /trainSegmentation expects lrSchedule to be one of "constant", "cosine", but received "step"/);
  model.dispose();
});

TrainSegmentation.run();
