import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { generateMnistDetection } from '../../../packages/vision/src/datasets/mnist-detection';
import { evaluateFasterRcnn } from '../../../packages/vision/src/detect/evaluate-faster-rcnn';
import { fasterRcnn } from '../../../packages/vision/src/detect/faster-rcnn';
import { trainFasterRcnn } from '../../../packages/vision/src/detect/train-faster-rcnn';
import type { DetectionEvent } from '../../../packages/vision/src/detect/train-detection';

await selectBackend('wasm', { quiet: true, threads: 1 });

/** The SSD learning test's task: 1–2 digits of 24–32 px on 64×64, one class ("digit"). */
function tinyScenes() {
  const g = generateMnistDetection({ count: 16, seed: 0, size: 64, minDigits: 1, maxDigits: 2, minSize: 24, maxSize: 32 });
  return { ...g, objects: g.objects.map((os) => os.map((o) => ({ ...o, categoryId: 1 }))), categories: [{ id: 1, name: 'digit' }] };
}

const tiny = {
  classes: 1, inputShape: [64, 64, 1] as [number, number, number], filters: [8, 8, 16] as [number, number, number], convsPerStage: 1, rpnChannels: 16,
  anchorHeights: [16, 24], poolSize: 7, samplingRatio: 1, fcUnits: 64, batchNorm: false,
};

const TrainFasterRcnn = suite('trainFasterRcnn');

TrainFasterRcnn('Faster R-CNN learns to find digits in 80 steps (mAP@0.5 from < 0.3 to > 0.7; about 18 s here), leaking no tensor', async () => {
  const train = tinyScenes();
  const { model, anchors, config } = fasterRcnn(tiny);
  const before = evaluateFasterRcnn(model, anchors, config, train);
  const tensors = tf.memory().numTensors;
  const events: DetectionEvent[] = await lastValueFrom(trainFasterRcnn(model, anchors, config, { train, test: train }, { epochs: 40, batchSize: 8, learningRate: 3e-3 }).pipe(toArray()));
  assert.is(tf.memory().numTensors, tensors);
  const evals = events.filter((e) => e.type === 'detection-eval');
  assert.is(evals.length, 40);
  assert.ok(before.map50 < 0.3, `before: ${before.map50}`);
  const last = evals[39];
  assert.ok(last.type === 'detection-eval' && last.map50 > 0.7, `after 80 steps: ${JSON.stringify(last)}`);
  assert.is(events[events.length - 1].type, 'done');
  model.dispose();
});

TrainFasterRcnn('a run resumed from its epoch-1 checkpoint ends with the uninterrupted weights (anchor and RoI samples redrawn alike)', async () => {
  const train = { ...tinyScenes(), count: 8 };
  const config = { batchSize: 4, learningRate: 3e-3, seed: 2 };
  const dir = mkdtempSync(join(tmpdir(), 'vision-frcnn-'));
  const straight = fasterRcnn(tiny);
  await lastValueFrom(trainFasterRcnn(straight.model, straight.anchors, straight.config, { train }, { ...config, epochs: 2 }));
  const first = fasterRcnn(tiny);
  await lastValueFrom(trainFasterRcnn(first.model, first.anchors, first.config, { train }, { ...config, epochs: 1, runDir: dir }));
  const resumed = fasterRcnn(tiny);
  const events = await lastValueFrom(trainFasterRcnn(resumed.model, resumed.anchors, resumed.config, { train }, { ...config, epochs: 2, runDir: dir, resume: dir }).pipe(toArray()));
  assert.equal(events[0], { type: 'resume', epoch: 1, step: 2, path: join(dir, 'checkpoints', 'step-00000002') });
  const a = straight.model.getWeights().map((w) => Array.from(w.dataSync()));
  const b = resumed.model.getWeights().map((w) => Array.from(w.dataSync()));
  const initial = fasterRcnn(tiny);
  assert.not.equal(initial.model.getWeights().map((w) => Array.from(w.dataSync())), a);
  a.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - b[i][j]) < 1e-6, `weight ${i}[${j}]: ${v} vs ${b[i][j]}`)));
  [straight, first, resumed, initial].forEach((m) => m.model.dispose());
  rmSync(dir, { recursive: true, force: true });
});

TrainFasterRcnn('refuses data with other classes than the model', () => {
  const { model, anchors, config } = fasterRcnn({ ...tiny, classes: 3 });
  assert.throws(() => trainFasterRcnn(model, anchors, config, { train: tinyScenes() }), /trainFasterRcnn \(training data\) expects data with the model's 3 classes, but received shape 1 categories/);
  model.dispose();
});

TrainFasterRcnn.run();
