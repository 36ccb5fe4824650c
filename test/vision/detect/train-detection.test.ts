import * as tf from '@tensorflow/tfjs';
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { generateMnistDetection } from '../../../packages/vision/src/datasets/mnist-detection';
import { evaluateDetection } from '../../../packages/vision/src/detect/evaluate-detection';
import { ssd } from '../../../packages/vision/src/detect/ssd';
import { trainDetection, type DetectionEvent } from '../../../packages/vision/src/detect/train-detection';

await selectBackend('wasm', { quiet: true, threads: 1 });

/** A tiny detection task: 1–2 digits of 24–32 px on 64×64, one class ("digit"), so it learns in seconds. */
function tinyScenes() {
  const g = generateMnistDetection({ count: 16, seed: 0, size: 64, minDigits: 1, maxDigits: 2, minSize: 24, maxSize: 32 });
  return { ...g, objects: g.objects.map((os) => os.map((o) => ({ ...o, categoryId: 1 }))), categories: [{ id: 1, name: 'digit' }] };
}

const tiny = { classes: 1, inputShape: [64, 64, 1] as [number, number, number], filters: [8, 8, 16, 16] as [number, number, number, number], convsPerStage: 1, anchorHeights: [[16], [24]] as [number[], number[]], batchNorm: false };

const TrainDetection = suite('trainDetection');

TrainDetection('the single-shot detector learns to find digits within seconds (mAP@0.5 from < 0.3 to > 0.7), leaking no tensor', async () => {
  const train = tinyScenes();
  const { model, anchors } = ssd(tiny);
  const before = evaluateDetection(model, anchors, train);
  const tensors = tf.memory().numTensors;
  const events: DetectionEvent[] = await lastValueFrom(trainDetection(model, anchors, { train, test: train }, { epochs: 20, batchSize: 8, learningRate: 1e-2 }).pipe(toArray()));
  assert.is(tf.memory().numTensors, tensors);
  const evals = events.filter((e) => e.type === 'detection-eval');
  assert.is(evals.length, 20);
  assert.ok(before.map50 < 0.3, `before: ${before.map50}`);
  const last = evals[19];
  assert.ok(last.type === 'detection-eval' && last.map50 > 0.7, `after 40 steps: ${JSON.stringify(last)}`);
  const validation = events.filter((e) => e.type === 'validation');
  assert.is(validation.length, 20);
  assert.is(events[events.length - 1].type, 'done');
  model.dispose();
});

TrainDetection('refuses data with other classes than the model', () => {
  const { model, anchors } = ssd({ ...tiny, classes: 3 });
  assert.throws(() => trainDetection(model, anchors, { train: tinyScenes() }), /trainDetection \(training data\) expects data with the model's 3 classes, but received shape 1 categories/);
  model.dispose();
});

TrainDetection.run();
